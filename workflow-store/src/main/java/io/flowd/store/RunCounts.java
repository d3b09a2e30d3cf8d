package io.flowd.store;

/**
 * Run counts of one workflow.
 *
 * @param total every run the workflow has
 * @param recentCompleted runs of the last 30 days that completed
 * @param recentFailed runs of the last 30 days that failed
 */
public record RunCounts(long total, long recentCompleted, long recentFailed) {}

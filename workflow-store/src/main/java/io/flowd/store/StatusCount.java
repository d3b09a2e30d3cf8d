package io.flowd.store;

/**
 * How many rows have one status.
 *
 * @param status the status
 * @param logs the number of rows
 */
public record StatusCount(String status, long logs) {}

package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node log computed in workflow code, written later by {@link RunBookkeeping#writeLogs}.
 *
 * @param nodeId the node's id
 * @param componentId the node's component
 * @param status {@code success}, {@code warning} or {@code error}
 * @param output the node's output or error object
 * @param attempt the attempt number
 * @param durationMs how long it took
 */
public record LogEntry(
    String nodeId,
    String componentId,
    String status,
    JsonNode output,
    int attempt,
    long durationMs) {}

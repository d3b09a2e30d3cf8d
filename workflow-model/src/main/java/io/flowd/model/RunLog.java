package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The record of one attempt of one node.
 *
 * @param id {@code fl_log_…}
 * @param executionId the run's id
 * @param nodeId the node's id
 * @param componentId the node's component
 * @param status {@code success}, {@code error} (failed for good) or {@code warning} (will be
 *     retried)
 * @param output the node's output, or the error object
 * @param attempt 1 for the first attempt
 * @param durationMs how long the attempt took
 * @param createdAt when the attempt was logged
 */
public record RunLog(
    String id,
    @JsonProperty("execution_id") String executionId,
    @JsonProperty("node_id") String nodeId,
    @JsonProperty("component_id") String componentId,
    String status,
    JsonNode output,
    int attempt,
    @JsonProperty("duration_ms") long durationMs,
    @JsonProperty("created_at") Instant createdAt) {}

package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonCreator;
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
 * @param handle the handle the node left by ({@code "true"}/{@code "false"} for a condition, the
 *     case or {@code "default"} for a switch, {@code "error"} for a final failure of a {@code
 *     continue_on_error} node); {@code null} for a plain success, a retried or run-failing attempt,
 *     and logs written before flowd recorded handles
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
    @JsonProperty("created_at") Instant createdAt,
    String handle) {

  /** The canonical constructor, the one Jackson uses. */
  @JsonCreator
  public RunLog {}

  /** Creates the log of a node that left by no handle. */
  public RunLog(
      String id,
      String executionId,
      String nodeId,
      String componentId,
      String status,
      JsonNode output,
      int attempt,
      long durationMs,
      Instant createdAt) {
    this(
        id, executionId, nodeId, componentId, status, output, attempt, durationMs, createdAt, null);
  }
}

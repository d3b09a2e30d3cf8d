package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

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
 * @param console lines the node wrote beside its output (a {@code code} node's {@code
 *     console.log}), masked like the output; left out of the JSON when there are none
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
    String handle,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> console) {

  /** The one constructor, the one Jackson uses; {@code console} may be {@code null} for none. */
  @JsonCreator
  public RunLog {
    console = console == null ? List.of() : List.copyOf(console);
  }
}

package io.flowd.worker.activity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A node log computed in workflow code, written later by {@link RunBookkeeping#writeLogs}.
 *
 * @param nodeId the node's id
 * @param componentId the node's component
 * @param status {@code success}, {@code warning} or {@code error}
 * @param output the node's output or error object
 * @param attempt the attempt number
 * @param durationMs how long it took
 * @param handle the handle the node left by: a condition's {@code "true"}/{@code "false"}, a
 *     switch's case or {@code "default"}, {@code "error"} for a final failure with {@code
 *     continue_on_error}; {@code null} for a plain success (and for warnings and failures that fail
 *     the run)
 * @param console lines the node wrote beside its output (a code node's {@code console.log})
 */
public record LogEntry(
    String nodeId,
    String componentId,
    String status,
    JsonNode output,
    int attempt,
    long durationMs,
    String handle,
    List<String> console) {

  /** The canonical constructor, the one Jackson uses. */
  @JsonCreator
  public LogEntry {
    console = console == null ? List.of() : List.copyOf(console);
  }

  /** Creates a log without console lines. */
  public LogEntry(
      String nodeId,
      String componentId,
      String status,
      JsonNode output,
      int attempt,
      long durationMs,
      String handle) {
    this(nodeId, componentId, status, output, attempt, durationMs, handle, List.of());
  }

  /** Creates a log that left by no handle. */
  public LogEntry(
      String nodeId,
      String componentId,
      String status,
      JsonNode output,
      int attempt,
      long durationMs) {
    this(nodeId, componentId, status, output, attempt, durationMs, null);
  }
}

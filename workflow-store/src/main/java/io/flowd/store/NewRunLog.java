package io.flowd.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.util.List;

/**
 * One node attempt's log row; {@link RunLogDao#upsert} binds its accessors by name, the output as
 * JSON.
 *
 * @param id the row's id (kept by an existing row of the same run, node and attempt)
 * @param runId the run
 * @param workflowId the run's workflow
 * @param nodeId the node
 * @param componentId the node's component
 * @param status the attempt's status
 * @param output the node's output, or {@code null}
 * @param attempt the attempt number, from 1
 * @param durationMs how long the attempt took
 * @param handle the handle the node left by, or {@code null}
 * @param console the node's console lines, empty for most nodes
 */
public record NewRunLog(
    String id,
    String runId,
    String workflowId,
    String nodeId,
    String componentId,
    String status,
    JsonNode output,
    int attempt,
    long durationMs,
    String handle,
    List<String> console) {

  /** The one constructor; {@code console} may be {@code null} for none. */
  public NewRunLog {
    console = console == null ? List.of() : List.copyOf(console);
  }

  /** Returns the console lines as the JSON the {@code console} column stores, or {@code null}. */
  public String consoleJson() {
    return console.isEmpty() ? null : Json.write(console);
  }

  /** Returns the output as the JSON the {@code output} column stores, or {@code null}. */
  public String outputJson() {
    return output == null ? null : Json.write(output);
  }
}

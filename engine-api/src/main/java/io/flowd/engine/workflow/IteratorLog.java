package io.flowd.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import java.util.Map;

/**
 * What an {@code iterator} node's log holds: a summary of its child runs instead of every child's
 * output. The node's output itself ({@code {"results": [...]}}) is stored out of the log and named
 * by {@code output}, a claim-check reference, so a resume restores it from the log.
 *
 * <pre>{@code
 * {"summary": "3 items, 3 child runs: 3 completed", "items": 3,
 *  "child_runs": {"completed": 3},
 *  "child_runs_url": "/workflows/runs?parent_run_id=fl_run_…&workflow_id=fl_wf_…",
 *  "output": {"$ref": "pl_…"}}
 * }</pre>
 */
public final class IteratorLog {
  /** The component whose logs are summarised. */
  public static final String COMPONENT = "iterator";

  private static final String OUTPUT = "output";
  private static final String COUNTS = "child_runs";

  private IteratorLog() {}

  /**
   * Builds the summary.
   *
   * @param parentRunId the run of the iterator node
   * @param workflowId the workflow its items run, or {@code null} when not known
   * @param items how many items the node had
   * @param counts its child runs by status
   * @param outputRef the claim-check reference of the node's output
   */
  public static ObjectNode summary(
      String parentRunId,
      String workflowId,
      int items,
      Map<String, Integer> counts,
      JsonNode outputRef) {
    ObjectNode summary = Json.object();
    StringBuilder text =
        new StringBuilder()
            .append(items)
            .append(items == 1 ? " item" : " items")
            .append(", ")
            .append(counts.values().stream().mapToInt(Integer::intValue).sum())
            .append(" child runs");
    String separator = ": ";
    for (Map.Entry<String, Integer> count : counts.entrySet()) {
      text.append(separator).append(count.getValue()).append(' ').append(count.getKey());
      separator = ", ";
    }
    summary.put("summary", text.toString());
    summary.put("items", items);
    ObjectNode byStatus = summary.putObject(COUNTS);
    counts.forEach(byStatus::put);
    summary.put(
        "child_runs_url",
        "/workflows/runs?parent_run_id="
            + parentRunId
            + (workflowId == null ? "" : "&workflow_id=" + workflowId));
    summary.set(OUTPUT, outputRef);
    return summary;
  }

  /** Returns whether a logged output is such a summary. */
  public static boolean isSummary(JsonNode logged) {
    return logged != null
        && logged.isObject()
        && logged.path(COUNTS).isObject()
        && logged.path(OUTPUT).isObject()
        && logged.path(OUTPUT).path("$ref").isTextual();
  }

  /**
   * Returns the node output a logged output stands for: the reference a summary names, or the
   * logged output itself (logs written before summaries, and every other node's).
   */
  public static JsonNode outputOf(JsonNode logged) {
    return isSummary(logged) ? logged.get(OUTPUT) : logged;
  }
}

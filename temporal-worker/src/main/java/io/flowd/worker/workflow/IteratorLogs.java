package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.engine.workflow.IteratorLog;
import io.flowd.model.Node;
import io.flowd.model.RunRef;
import io.temporal.failure.ActivityFailure;

/**
 * What the interpreter logs for a finished {@code iterator} node: since {@link
 * HistoryVersions#ITERATOR_LOG_CHANGE_ID} version 1, the summary of {@link IteratorLog} (its output
 * is stored apart and named by the summary, so a resume still restores it); before, the output with
 * every child's result.
 */
final class IteratorLogs {
  private IteratorLogs() {}

  /** Returns what the log of {@code node}, which succeeded with {@code output}, holds. */
  static JsonNode logged(Node node, RunRef run, JsonNode output) {
    if (!IteratorLog.COMPONENT.equals(node.componentId())
        || !HistoryVersions.iteratorSummaryLog()) {
      return output;
    }
    JsonNode target = node.data() == null ? null : node.data().get("workflow_id");
    String workflowId =
        target != null && target.isTextual() && !target.asText().contains("{{")
            ? target.asText()
            : null;
    try {
      return ChildRuns.activities(NodeSummary.of(node) + " (summarises its child runs)")
          .summarizeIterator(run, node.id(), workflowId, output);
    } catch (ActivityFailure e) {
      // The log is bookkeeping: without a summary it holds the output, as before.
      return output;
    }
  }
}

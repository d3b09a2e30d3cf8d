package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.RunRef;
import io.flowd.model.template.TemplateScope;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.components.TerminateHandler;
import io.flowd.nodes.components.WaitForInputHandler;
import io.flowd.nodes.spi.ControlNodeHandler;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.worker.activity.WaitEntry;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** What the interpreter does for each control node kind, in workflow code. */
final class ControlNodes {
  private ControlNodes() {}

  /**
   * How a {@code terminate} node ends the run.
   *
   * @param status {@code completed} or {@code failed}
   * @param message the run's error message when it failed
   * @param output the node's output
   */
  record Termination(String status, String message, ObjectNode output) {}

  /**
   * Renders a {@code terminate} node.
   *
   * @throws NodeFailure when the rendered status is invalid
   */
  static Termination termination(Node node, TemplateScope scope) {
    ObjectNode config = NodeExecution.render(null, node.data(), scope);
    String status = config.path("status").asText();
    if (!TerminateHandler.STATUSES.contains(status)) {
      throw new NodeFailure("invalid_config", "status must be completed or failed", false);
    }
    JsonNode message = config.get("message");
    String text = message == null || message.isNull() ? null : message.asText();
    ObjectNode output = Json.object().put("status", status).put("message", text);
    return new Termination(status, text == null ? "Terminated by node " + node.id() : text, output);
  }

  /**
   * Prepares the blocking body of a waiting or child-run node; state that must exist before the
   * body's thread runs (a registered wait) is set up here.
   *
   * @param referenced the template roots the node's config refers to
   * @param named whether child runs and helper activities carry summaries ({@link
   *     HistoryVersions#RUN_VIEW})
   * @throws NodeFailure when the node's config cannot work
   */
  static Supplier<NodeOutcome> body(
      ControlNodeHandler.Kind kind,
      Node node,
      TemplateScope scope,
      Map<String, JsonNode> referenced,
      RunRef run,
      int depth,
      InputWaits waits,
      boolean named) {
    return switch (kind) {
      case WAIT_FOR_INPUT -> {
        Duration timeout =
            WaitForInputHandler.waitFor(NodeExecution.render(null, node.data(), scope));
        long expiresAt = Workflow.currentTimeMillis() + timeout.toMillis();
        CompletablePromise<JsonNode> delivered =
            waits.register(
                node.id(),
                new WaitEntry(node.id(), node.data().get("prompt"), referenced, expiresAt));
        String summary = NodeSummary.of(node) + " (waits for input)";
        yield () -> waits.await(node.id(), delivered, timeout, summary);
      }
      case WAIT_FOR_EVENT -> EventWaits.body(node, scope, run, waits);
      case TRIGGER_WORKFLOW -> () -> ChildRuns.triggerWorkflow(run, depth, node, referenced, named);
      case ITERATOR -> () -> ChildRuns.iterate(run, depth, node, referenced, named);
      case TERMINATE -> throw new IllegalArgumentException("terminate has no body");
    };
  }
}

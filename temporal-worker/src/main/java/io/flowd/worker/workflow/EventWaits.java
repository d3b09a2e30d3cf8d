package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Node;
import io.flowd.model.RunRef;
import io.flowd.model.template.TemplateScope;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.components.WaitForEventHandler;
import io.flowd.nodes.components.WaitForInputHandler;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The body of a {@code wait_for_event} node, in workflow code: render the key, register the wait in
 * workflow state, record it in PostgreSQL (so the events route finds the run), wait, forget it. The
 * wait exists in workflow state before its row does, so an event the API sends after reading the
 * row always finds it.
 */
final class EventWaits {
  private EventWaits() {}

  static Supplier<NodeOutcome> body(Node node, TemplateScope scope, RunRef run, InputWaits waits) {
    if (!HistoryVersions.eventWaits()) {
      throw new NodeFailure("unsupported", "wait_for_event is not known to this run", false);
    }
    ObjectNode config = NodeExecution.render(null, node.data(), scope);
    String key = WaitForEventHandler.key(config);
    Duration timeout = WaitForInputHandler.waitFor(config);
    CompletablePromise<JsonNode> delivered = waits.registerEvent(node.id());
    return () -> {
      long expiresAt = Workflow.currentTimeMillis() + timeout.toMillis();
      try {
        waits.bookkeeping().openEventWait(run, node.id(), key, expiresAt);
        return waits.awaitEvent(node.id(), delivered, timeout);
      } finally {
        Workflow.newDetachedCancellationScope(
                () -> waits.bookkeeping().closeEventWait(run, node.id()))
            .run();
      }
    };
  }
}

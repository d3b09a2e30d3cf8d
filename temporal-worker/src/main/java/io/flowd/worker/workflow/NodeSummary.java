package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Node;

/** How the Temporal UI names a node in the summaries of its activities, timers and waits. */
final class NodeSummary {
  private NodeSummary() {}

  /** Returns the node's label (or id) and component: {@code "post · webhook"}. */
  static String of(Node node) {
    JsonNode label = node.data() == null ? null : node.data().get("label");
    String name =
        label != null && label.isTextual() && !label.asText().isBlank()
            ? label.asText().strip()
            : node.id();
    return name + " · " + node.componentId();
  }
}

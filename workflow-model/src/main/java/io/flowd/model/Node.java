package io.flowd.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One node of a workflow graph.
 *
 * @param id the node's id, unique within its graph
 * @param type {@code trigger}, {@code action} or {@code condition}, as written by the user
 * @param position where the editor draws it, or {@code null}
 * @param data the node's configuration: {@code componentId}, the component's own fields and the
 *     common settings {@code timeout_seconds}, {@code retry} and {@code continue_on_error}
 */
public record Node(String id, String type, Position position, ObjectNode data) {

  /** Returns the node's component id, or {@code null} when it has none. */
  public String componentId() {
    if (data == null) {
      return null;
    }
    JsonNode id = data.get("componentId");
    return id != null && id.isTextual() ? id.asText() : null;
  }

  /** Returns the node's execution settings (timeout, retry, error handling) with defaults. */
  public NodeSettings settings() {
    return NodeSettings.of(data);
  }
}

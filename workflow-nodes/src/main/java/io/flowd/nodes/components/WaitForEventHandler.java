package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.model.template.Templates;
import io.flowd.nodes.spi.ControlNodeHandler;
import io.flowd.nodes.spi.NodeFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wait_for_event}: the run waits (status {@code waiting}) until {@code POST
 * /workflows/events} sends an event with this node's rendered {@code key}; the event's payload
 * becomes the node's output. Only runs already waiting receive an event. After {@code wait_seconds}
 * (default 7 days) without one the node fails, like {@code wait_for_input}. The key is rendered in
 * workflow code, so it may not use vault values.
 */
public final class WaitForEventHandler implements ControlNodeHandler {
  /** The longest rendered key, in characters. */
  public static final int MAX_KEY_LENGTH = 500;

  @Override
  public String componentId() {
    return "wait_for_event";
  }

  @Override
  public NodeType type() {
    return NodeType.ACTION;
  }

  @Override
  public Kind kind() {
    return Kind.WAIT_FOR_EVENT;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    ConfigChecks.text(data, "key", true, path, errors);
    JsonNode key = data.get("key");
    if (key != null && key.isTextual() && !key.asText().isBlank()) {
      String text = key.asText();
      if (text.contains("{{") && Templates.roots(key).isEmpty()) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID,
                path + ".key",
                "key holds a template that cannot be read; write it as {{ node_1.field }}"));
      }
      if (Templates.roots(key).contains("vault")) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID,
                path + ".key",
                "key cannot use vault values: it is rendered in workflow code and stored in the"
                    + " clear; use vault values in webhook nodes"));
      }
      if (text.length() > MAX_KEY_LENGTH) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID,
                path + ".key",
                "key must be at most " + MAX_KEY_LENGTH + " characters"));
      }
    }
    ObjectNode waitOnly = data.objectNode();
    if (data.has("wait_seconds")) {
      waitOnly.set("wait_seconds", data.get("wait_seconds"));
    }
    errors.addAll(new WaitForInputHandler().validateConfig(waitOnly, path));
    return errors;
  }

  /**
   * Returns the rendered key as text.
   *
   * @throws NodeFailure when it is empty or too long
   */
  public static String key(ObjectNode config) {
    JsonNode key = config.get("key");
    String text =
        key == null || key.isNull() ? "" : key.isTextual() ? key.asText() : key.toString();
    if (text.isBlank() || text.length() > MAX_KEY_LENGTH) {
      throw new NodeFailure(
          "invalid_config",
          "the event key rendered empty or longer than " + MAX_KEY_LENGTH + " characters",
          false);
    }
    return text;
  }
}

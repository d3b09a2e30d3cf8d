package io.flowd.model.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.ComponentSpec;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A tiny component catalog for tests: a trigger, an action needing a url, and a condition. */
final class TestCatalog implements ComponentCatalog {

  record Spec(String componentId, NodeType type, List<String> handles, List<String> requiredText)
      implements ComponentSpec {

    @Override
    public List<ValidationError> validateConfig(ObjectNode data, String pathPrefix) {
      List<ValidationError> errors = new ArrayList<>();
      for (String field : requiredText) {
        if (!data.path(field).isTextual()) {
          errors.add(
              new ValidationError(
                  "invalid_config", pathPrefix + "." + field, field + " must be a string"));
        }
      }
      return errors;
    }

    @Override
    public List<String> outputHandles(ObjectNode data) {
      return handles;
    }
  }

  private static final Map<String, ComponentSpec> SPECS =
      Map.of(
          "manual_trigger",
          new Spec("manual_trigger", NodeType.TRIGGER, List.of(), List.of()),
          "webhook",
          new Spec("webhook", NodeType.ACTION, List.of(), List.of("url")),
          "string_condition",
          new Spec("string_condition", NodeType.CONDITION, List.of("true", "false"), List.of()));

  @Override
  public Optional<ComponentSpec> find(String componentId) {
    return Optional.ofNullable(SPECS.get(componentId));
  }
}

package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import java.util.List;

/** Helpers for handler tests: configs from JSON text and the paths of validation errors. */
final class Configs {
  private Configs() {}

  static ObjectNode data(String json) {
    return (ObjectNode) Json.parse(json);
  }

  static List<String> paths(List<ValidationError> errors) {
    return errors.stream().map(ValidationError::path).toList();
  }
}

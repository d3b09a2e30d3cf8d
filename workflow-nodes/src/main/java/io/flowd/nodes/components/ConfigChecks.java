package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.ValidationError;
import io.flowd.model.template.Templates;
import java.util.List;

/** Small checks that component configs share; each adds an {@code invalid_config} error. */
final class ConfigChecks {
  static final String INVALID = "invalid_config";

  private ConfigChecks() {}

  static boolean isTemplate(JsonNode value) {
    return value != null && value.isTextual() && Templates.isTemplate(value.asText());
  }

  static void text(
      ObjectNode data, String field, boolean required, String path, List<ValidationError> errors) {
    JsonNode value = data.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        errors.add(new ValidationError(INVALID, path + "." + field, field + " is required"));
      }
    } else if (!value.isTextual() || (required && value.asText().isBlank())) {
      errors.add(
          new ValidationError(INVALID, path + "." + field, field + " must be a non-empty string"));
    }
  }

  static void oneOf(
      ObjectNode data,
      String field,
      List<String> allowed,
      boolean required,
      String path,
      List<ValidationError> errors) {
    JsonNode value = data.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        errors.add(new ValidationError(INVALID, path + "." + field, field + " is required"));
      }
    } else if (!value.isTextual() || !allowed.contains(value.asText())) {
      errors.add(
          new ValidationError(
              INVALID,
              path + "." + field,
              field + " must be one of " + String.join(", ", allowed)));
    }
  }

  static void bool(ObjectNode data, String field, String path, List<ValidationError> errors) {
    JsonNode value = data.get(field);
    if (value != null && !value.isNull() && !value.isBoolean() && !isTemplate(value)) {
      errors.add(new ValidationError(INVALID, path + "." + field, field + " must be a boolean"));
    }
  }

  /** Names a JSON value's type for messages, such as {@code "a number"} or {@code "null"}. */
  static String kind(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isTextual()) {
      return "a string";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    return value.isArray() ? "an array" : "an object";
  }
}

package io.flowd.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.FlowControl;
import io.flowd.model.Ids;
import io.flowd.model.ValidationError;
import io.flowd.model.expression.ExpressionException;
import io.flowd.model.expression.Expressions;
import io.flowd.model.template.Templates;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the flow-control fields of a workflow body: {@code timeout_seconds}, {@code concurrency}
 * and {@code on_failure}. An absent field keeps its current value (on update), {@code null} clears
 * it. Whether {@code on_failure} names an existing workflow of the tenant is checked by the caller,
 * which can reach the database.
 */
final class FlowControlReader {
  /** Longest concurrency key template, in characters. */
  static final int MAX_KEY_LENGTH = 1000;

  /** The template roots a concurrency key may use: it is rendered before any node has run. */
  static final Set<String> KEY_ROOTS = Set.of("trigger", "workflow");

  private final JsonNode body;
  private final FlowControl current;
  private final List<ValidationError> errors;

  FlowControlReader(JsonNode body, FlowControl current, List<ValidationError> errors) {
    this.body = body;
    this.current = FlowControl.orNone(current);
    this.errors = errors;
  }

  FlowControl read() {
    return new FlowControl(
        field("timeout_seconds", current.timeoutSeconds(), this::readTimeout),
        field("concurrency", current.concurrency(), this::readConcurrency),
        field("on_failure", current.onFailure(), this::readOnFailure));
  }

  /**
   * Reads one field of the body: absent keeps {@code currentValue}, {@code null} clears it, and any
   * other value is read by {@code reader}, which records its problems and then returns {@code
   * null}.
   */
  private <T> T field(String name, T currentValue, Function<JsonNode, T> reader) {
    JsonNode value = body.get(name);
    if (value == null) {
      return currentValue;
    }
    return value.isNull() ? null : reader.apply(value);
  }

  /** Records a problem of {@code field}; returns {@code null}, what the reader then gives. */
  private <T> T problem(String code, String field, String message) {
    errors.add(new ValidationError(code, field, message));
    return null;
  }

  private Integer readTimeout(JsonNode value) {
    if (!value.isIntegralNumber()) {
      return problem("invalid_type", "timeout_seconds", "timeout_seconds must be a whole number");
    }
    if (value.asLong() < 1 || value.asLong() > FlowControl.MAX_TIMEOUT_SECONDS) {
      return problem(
          "invalid_value",
          "timeout_seconds",
          "timeout_seconds must be between 1 and "
              + FlowControl.MAX_TIMEOUT_SECONDS
              + " (one year), got "
              + value.asText());
    }
    return value.intValue();
  }

  private FlowControl.Concurrency readConcurrency(JsonNode value) {
    if (!value.isObject()) {
      return problem(
          "invalid_type",
          "concurrency",
          "concurrency must be an object {\"limit\", \"key\", \"on_limit\"} or null");
    }
    int before = errors.size();
    JsonNode limit = value.get("limit");
    if (limit == null || limit.isNull()) {
      problem("required", "concurrency.limit", "limit is required");
    } else if (!limit.isIntegralNumber()) {
      problem("invalid_type", "concurrency.limit", "limit must be a whole number");
    } else if (limit.asLong() < 1 || limit.asLong() > FlowControl.MAX_LIMIT) {
      problem(
          "invalid_value",
          "concurrency.limit",
          "limit must be between 1 and " + FlowControl.MAX_LIMIT + ", got " + limit.asText());
    }
    String key = readKey(value.get("key"));
    JsonNode onLimit = value.get("on_limit");
    String policy = FlowControl.Concurrency.QUEUE;
    if (onLimit != null && !onLimit.isNull()) {
      if (!onLimit.isTextual() || !FlowControl.Concurrency.ON_LIMIT.contains(onLimit.asText())) {
        problem(
            onLimit.isTextual() ? "invalid_value" : "invalid_type",
            "concurrency.on_limit",
            "on_limit must be one of " + String.join(", ", FlowControl.Concurrency.ON_LIMIT));
      } else {
        policy = onLimit.asText();
      }
    }
    value
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!Set.of("limit", "key", "on_limit").contains(field)) {
                problem(
                    "invalid_value",
                    "concurrency." + field,
                    "unknown field " + field + "; concurrency has limit, key and on_limit");
              }
            });
    if (errors.size() > before) {
      return null;
    }
    return new FlowControl.Concurrency(limit.intValue(), key, policy);
  }

  private String readKey(JsonNode key) {
    if (key == null || key.isNull()) {
      return null;
    }
    if (!key.isTextual()) {
      return problem("invalid_type", "concurrency.key", "key must be a template string or null");
    }
    String text = key.asText();
    if (text.length() > MAX_KEY_LENGTH) {
      return problem(
          "too_long",
          "concurrency.key",
          "key must be at most " + MAX_KEY_LENGTH + " characters, got " + text.length());
    }
    Set<String> roots;
    String expression = Templates.expressionOf(text);
    try {
      roots =
          expression == null ? Templates.pathRoots(text) : Expressions.check(expression).roots();
    } catch (ExpressionException e) {
      return problem(
          "invalid_value",
          "concurrency.key",
          "key expression: "
              + (e.position() >= 0 ? "at position " + e.position() + ": " : "")
              + e.getMessage());
    }
    for (String root : roots) {
      if (!KEY_ROOTS.contains(root)) {
        return problem(
            "invalid_value",
            "concurrency.key",
            "key cannot render: it is rendered when the run is created, from trigger and"
                + " workflow only, but it uses "
                + root);
      }
    }
    return text;
  }

  private FlowControl.OnFailure readOnFailure(JsonNode value) {
    if (!value.isObject()) {
      return problem(
          "invalid_type", "on_failure", "on_failure must be an object {\"workflow_id\"} or null");
    }
    JsonNode id = value.get("workflow_id");
    if (id == null || id.isNull()) {
      return problem("required", "on_failure.workflow_id", "workflow_id is required");
    }
    if (!id.isTextual() || !Ids.matches(Ids.WORKFLOW, id.asText())) {
      return problem(
          id.isTextual() ? "invalid_value" : "invalid_type",
          "on_failure.workflow_id",
          "workflow_id must be a workflow id (fl_ and 16 characters)");
    }
    return new FlowControl.OnFailure(id.asText());
  }
}

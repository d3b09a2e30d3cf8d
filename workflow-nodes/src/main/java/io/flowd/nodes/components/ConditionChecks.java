package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.ValidationError;
import io.flowd.model.condition.Comparison;
import io.flowd.model.template.Templates;
import java.util.List;

/** Save-time checks of {@code left operator right} configs, shared by every condition. */
final class ConditionChecks {
  private ConditionChecks() {}

  /** Checks a typed condition's {@code left}, {@code operator} and {@code right}. */
  static void typed(
      Comparison comparison, ObjectNode data, String path, List<ValidationError> errors) {
    if (!data.has("left")) {
      errors.add(new ValidationError(ConfigChecks.INVALID, path + ".left", "left is required"));
    }
    operands(comparison, data, data.get("left"), path + ".left", path, errors);
  }

  /**
   * Checks the {@code operator} and {@code right} of {@code holder} and, where they are literal,
   * that {@code left} (found at {@code leftPath}) and {@code right} suit the operator.
   */
  static void operands(
      Comparison comparison,
      ObjectNode holder,
      JsonNode left,
      String leftPath,
      String path,
      List<ValidationError> errors) {
    int before = errors.size();
    ConfigChecks.oneOf(holder, "operator", comparison.operators(), true, path, errors);
    if (errors.size() > before) {
      return;
    }
    String operator = holder.get("operator").asText();
    if (left != null && !hasTemplate(left)) {
      comparison
          .literalProblem(operator, "left", left)
          .ifPresent(p -> errors.add(new ValidationError(ConfigChecks.INVALID, leftPath, p)));
    }
    if (!comparison.needsRight(operator)) {
      return;
    }
    JsonNode right = holder.get("right");
    if (right == null) {
      errors.add(
          new ValidationError(
              ConfigChecks.INVALID,
              path + ".right",
              "right is required for operator '" + operator + "'"));
    } else if (!hasTemplate(right)) {
      comparison
          .literalProblem(operator, "right", right)
          .ifPresent(
              p -> errors.add(new ValidationError(ConfigChecks.INVALID, path + ".right", p)));
    }
  }

  /** Returns whether a template occurs anywhere inside the value. */
  static boolean hasTemplate(JsonNode value) {
    return !Templates.roots(value).isEmpty();
  }
}

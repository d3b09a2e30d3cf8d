package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code string_condition}: text; numbers and booleans count as their JSON text. */
final class TextComparison extends Comparison {
  TextComparison() {
    super(
        Conditions.STRING,
        List.of(
            "equals",
            "not_equals",
            "contains",
            "not_contains",
            "starts_with",
            "ends_with",
            "matches",
            "is_empty",
            "is_not_empty",
            "length_equals",
            "length_gt",
            "length_lt",
            "includes"));
  }

  @Override
  Operand left(String operator) {
    return Operand.TEXT;
  }

  @Override
  Operand right(String operator) {
    return switch (operator) {
      case "is_empty", "is_not_empty" -> Operand.NONE;
      case "matches" -> Operand.REGEX;
      case "length_equals", "length_gt", "length_lt" -> Operand.WHOLE_NUMBER;
      default -> Operand.TEXT;
    };
  }

  @Override
  boolean equal(JsonNode left, JsonNode right) {
    return Values.text(left, "left").equals(Values.text(right, "right"));
  }

  @Override
  boolean compare(String operator, JsonNode left, JsonNode right) {
    return text(operator, Values.text(left, "left"), right);
  }
}

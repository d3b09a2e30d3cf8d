package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The comparison of {@code switch_condition}: each operator reads its operands as it needs. */
final class DynamicComparison extends Comparison {
  DynamicComparison() {
    super(
        "switch_condition",
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
            "gt",
            "gte",
            "lt",
            "lte",
            "before",
            "after",
            "length_equals",
            "length_gt",
            "length_lt",
            "includes"));
  }

  @Override
  Operand left(String operator) {
    return switch (operator) {
      case "contains", "not_contains", "includes", "length_equals", "length_gt", "length_lt" ->
          Operand.TEXT_OR_ARRAY;
      case "starts_with", "ends_with", "matches" -> Operand.TEXT;
      case "gt", "gte", "lt", "lte" -> Operand.NUMBER;
      case "before", "after" -> Operand.DATE;
      default -> Operand.ANY;
    };
  }

  @Override
  Operand right(String operator) {
    return switch (operator) {
      case "is_empty", "is_not_empty" -> Operand.NONE;
      case "starts_with", "ends_with" -> Operand.TEXT;
      case "matches" -> Operand.REGEX;
      case "gt", "gte", "lt", "lte" -> Operand.NUMBER;
      case "before", "after" -> Operand.DATE;
      case "length_equals", "length_gt", "length_lt" -> Operand.WHOLE_NUMBER;
      default -> Operand.ANY;
    };
  }

  @Override
  boolean equal(JsonNode left, JsonNode right) {
    return Values.sameJson(left, right);
  }

  @Override
  boolean compare(String operator, JsonNode left, JsonNode right) {
    return switch (operator) {
      case "gt", "gte", "lt", "lte" -> numbers(operator, left, right);
      case "before", "after" -> dates(operator, left, right);
      case "starts_with", "ends_with", "matches" ->
          text(operator, Values.text(left, "left"), right);
      default -> {
        left(operator).check(left, "left");
        if (left.isArray()) {
          yield array(operator, left, right);
        }
        if (!operator.startsWith("length_")) {
          Values.required(right, "right", operator);
        }
        yield text(operator, Values.text(left, "left"), right);
      }
    };
  }
}

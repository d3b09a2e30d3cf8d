package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code array_condition}: JSON arrays. {@code contains}/{@code includes} look for an element equal
 * to the right value (numbers by value, objects and arrays structurally); {@code equals} compares
 * whole arrays in order.
 */
final class ArrayComparison extends Comparison {
  ArrayComparison() {
    super(
        Conditions.ARRAY,
        List.of(
            "equals",
            "not_equals",
            "contains",
            "not_contains",
            "is_empty",
            "is_not_empty",
            "length_equals",
            "length_gt",
            "length_lt",
            "includes"));
  }

  @Override
  Operand left(String operator) {
    return Operand.ARRAY;
  }

  @Override
  Operand right(String operator) {
    return switch (operator) {
      case "is_empty", "is_not_empty" -> Operand.NONE;
      case "equals", "not_equals" -> Operand.ARRAY;
      case "length_equals", "length_gt", "length_lt" -> Operand.WHOLE_NUMBER;
      default -> Operand.ANY;
    };
  }

  @Override
  boolean equal(JsonNode left, JsonNode right) {
    return Values.sameJson(Values.array(left, "left"), Values.array(right, "right"));
  }

  @Override
  boolean compare(String operator, JsonNode left, JsonNode right) {
    return array(operator, Values.array(left, "left"), right);
  }
}

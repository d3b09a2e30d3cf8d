package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code number_condition}: numbers, compared by value; numeric strings are accepted. */
final class NumberComparison extends Comparison {
  NumberComparison() {
    super(
        Conditions.NUMBER,
        List.of("equals", "not_equals", "is_empty", "is_not_empty", "gt", "gte", "lt", "lte"));
  }

  @Override
  Operand left(String operator) {
    return Operand.NUMBER;
  }

  @Override
  Operand right(String operator) {
    return operator.startsWith("is_") ? Operand.NONE : Operand.NUMBER;
  }

  @Override
  boolean equal(JsonNode left, JsonNode right) {
    return Values.number(left, "left").compareTo(Values.number(right, "right")) == 0;
  }

  @Override
  boolean compare(String operator, JsonNode left, JsonNode right) {
    return numbers(operator, left, right);
  }
}

package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code boolean_condition}: booleans; the strings {@code "true"}/{@code "false"} count too. */
final class BooleanComparison extends Comparison {
  BooleanComparison() {
    super(Conditions.BOOLEAN, List.of("equals", "not_equals", "is_empty", "is_not_empty"));
  }

  @Override
  Operand left(String operator) {
    return Operand.BOOLEAN;
  }

  @Override
  Operand right(String operator) {
    return operator.startsWith("is_") ? Operand.NONE : Operand.BOOLEAN;
  }

  @Override
  boolean equal(JsonNode left, JsonNode right) {
    return Values.bool(left, "left") == Values.bool(right, "right");
  }

  @Override
  boolean compare(String operator, JsonNode left, JsonNode right) {
    throw new ConditionException("boolean_condition has no operator '" + operator + "'");
  }
}

package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code date_condition}: instants. Values without an offset are taken as UTC; {@code gt}/{@code
 * after} mean later, {@code lt}/{@code before} earlier.
 */
final class DateComparison extends Comparison {
  DateComparison() {
    super(
        Conditions.DATE,
        List.of(
            "equals",
            "not_equals",
            "is_empty",
            "is_not_empty",
            "gt",
            "gte",
            "lt",
            "lte",
            "before",
            "after"));
  }

  @Override
  Operand left(String operator) {
    return Operand.DATE;
  }

  @Override
  Operand right(String operator) {
    return operator.startsWith("is_") ? Operand.NONE : Operand.DATE;
  }

  @Override
  boolean equal(JsonNode left, JsonNode right) {
    return Values.instant(left, "left").equals(Values.instant(right, "right"));
  }

  @Override
  boolean compare(String operator, JsonNode left, JsonNode right) {
    return dates(operator, left, right);
  }
}

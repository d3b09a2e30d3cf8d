package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The typed condition components and their operators, evaluated on already rendered values.
 *
 * <p>Each condition component compares values of one type: {@code string_condition} text, {@code
 * number_condition} numbers (numeric strings are accepted), {@code boolean_condition} booleans (the
 * strings {@code "true"} and {@code "false"} are accepted), {@code date_condition} instants (RFC
 * 3339 / ISO-8601 date-times, ISO local dates and date-times taken as UTC, or epoch milliseconds)
 * and {@code array_condition} JSON arrays. A value of another type is an error, never a silent
 * {@code false}. The rules per type live in the {@link Comparison} subclasses.
 */
public final class Conditions {
  /** The condition component comparing text. */
  public static final String STRING = "string_condition";

  /** The condition component comparing numbers. */
  public static final String NUMBER = "number_condition";

  /** The condition component comparing booleans. */
  public static final String BOOLEAN = "boolean_condition";

  /** The condition component comparing dates and times. */
  public static final String DATE = "date_condition";

  /** The condition component inspecting arrays. */
  public static final String ARRAY = "array_condition";

  private Conditions() {}

  /** Returns the component ids of the typed conditions. */
  public static List<String> components() {
    return List.of(STRING, NUMBER, BOOLEAN, DATE, ARRAY);
  }

  /**
   * Evaluates {@code left operator right} as the condition component {@code componentId} (such as
   * {@code string_condition}) defines it.
   *
   * @throws ConditionException for an unknown component, an operator the component does not
   *     support, or values of a type the operator cannot compare
   */
  public static boolean evaluate(
      String componentId, JsonNode left, String operator, JsonNode right) {
    return Comparison.forComponent(componentId)
        .orElseThrow(
            () -> new ConditionException("unknown condition component '" + componentId + "'"))
        .evaluate(operator, left, right);
  }

  /**
   * Returns the operators the condition component supports, in the contract's order; an unknown
   * component supports none.
   */
  public static List<String> operators(String componentId) {
    return Comparison.forComponent(componentId).map(Comparison::operators).orElse(List.of());
  }
}

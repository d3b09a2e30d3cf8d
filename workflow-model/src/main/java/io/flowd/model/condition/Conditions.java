package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Evaluates the contract's condition operators on already rendered values. */
public final class Conditions {
  private Conditions() {}

  /**
   * Evaluates {@code left operator right} as the condition component {@code componentId} (such as
   * {@code string_condition}) defines it.
   *
   * @throws ConditionException for an operator the component does not support or values of a type
   *     the operator cannot compare
   */
  public static boolean evaluate(
      String componentId, JsonNode left, String operator, JsonNode right) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Returns the operators the condition component supports, in the contract's order. */
  public static List<String> operators(String componentId) {
    throw new UnsupportedOperationException("not yet");
  }
}

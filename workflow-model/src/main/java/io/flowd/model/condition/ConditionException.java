package io.flowd.model.condition;

/** A condition that cannot be evaluated: an unknown operator or values of the wrong type. */
public class ConditionException extends RuntimeException {
  public ConditionException(String message) {
    super(message);
  }
}

package io.flowd.model.condition;

/** A condition that cannot be evaluated: an unknown operator or values of the wrong type. */
public class ConditionException extends RuntimeException {
  /** Creates an exception whose message says which operator or value is at fault. */
  public ConditionException(String message) {
    super(message);
  }
}

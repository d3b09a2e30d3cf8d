package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;

/** What an operator needs on one side; {@link #check} reads a value as that and throws if not. */
enum Operand {
  /** The operator takes no value on this side. */
  NONE,
  /** Any JSON value, {@code null} included. */
  ANY,
  /** Text (numbers and booleans count as text). */
  TEXT,
  /** A regular expression. */
  REGEX,
  /** A number or a numeric string. */
  NUMBER,
  /** A whole number such as a length. */
  WHOLE_NUMBER,
  /** A boolean or {@code "true"}/{@code "false"}. */
  BOOLEAN,
  /** A date-time. */
  DATE,
  /** A JSON array. */
  ARRAY,
  /** A JSON string or array (for lengths and containment). */
  TEXT_OR_ARRAY;

  /**
   * Checks that a non-null value can serve as this operand.
   *
   * @throws ConditionException when it cannot
   */
  void check(JsonNode value, String side) {
    switch (this) {
      case NONE, ANY -> {}
      case TEXT -> Values.text(value, side);
      case REGEX -> SafeRegex.compile(Values.text(value, side));
      case NUMBER -> Values.number(value, side);
      case WHOLE_NUMBER -> Values.wholeNumber(value, side);
      case BOOLEAN -> Values.bool(value, side);
      case DATE -> Values.instant(value, side);
      case ARRAY -> Values.array(value, side);
      case TEXT_OR_ARRAY -> {
        if (!value.isArray() && !value.isTextual()) {
          throw Values.mismatch(side, "a string or an array", value);
        }
      }
    }
  }
}

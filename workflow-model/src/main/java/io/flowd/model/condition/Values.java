package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.model.time.Dates;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Reads operands as the type an operator needs; a value of another type is an error. */
final class Values {
  private Values() {}

  static boolean isNull(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  /** Returns whether the value is {@code null}, {@code ""}, {@code []} or {@code {}}. */
  static boolean isEmpty(JsonNode value) {
    return isNull(value)
        || (value.isTextual() && value.textValue().isEmpty())
        || (value.isContainerNode() && value.isEmpty());
  }

  static JsonNode required(JsonNode value, String side, String operator) {
    if (isNull(value)) {
      throw new ConditionException(operator + " needs a " + side + " value, got null");
    }
    return value;
  }

  /** Reads text; numbers and booleans count as their JSON text. */
  static String text(JsonNode value, String side) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    throw mismatch(side, "a string", value);
  }

  /** Reads a number; numeric strings are accepted. */
  static BigDecimal number(JsonNode value, String side) {
    if (value.isNumber()) {
      if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
        throw mismatch(side, "a finite number", value);
      }
      return value.decimalValue();
    }
    if (value.isTextual()) {
      String s = value.textValue().strip();
      if (s.length() <= 100) {
        try {
          return new BigDecimal(s);
        } catch (NumberFormatException e) {
          // Reported below as a type mismatch.
        }
      }
    }
    throw mismatch(side, "a number", value);
  }

  /** Reads a whole number such as a length; {@code 2.0} counts, {@code 2.5} does not. */
  static BigDecimal wholeNumber(JsonNode value, String side) {
    BigDecimal number;
    try {
      number = number(value, side);
    } catch (ConditionException e) {
      throw mismatch(side, "a whole number", value);
    }
    if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
      throw mismatch(side, "a whole number", value);
    }
    return number;
  }

  /** Reads a boolean; the strings {@code "true"} and {@code "false"} are accepted. */
  static boolean bool(JsonNode value, String side) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      String s = value.textValue().strip().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return s.equals("true");
      }
    }
    throw mismatch(side, "a boolean", value);
  }

  /** Reads an instant; values without an offset are taken as UTC. */
  static Instant instant(JsonNode value, String side) {
    ZonedDateTime parsed = Dates.parse(value, ZoneOffset.UTC);
    if (parsed == null) {
      throw mismatch(side, "a date (ISO-8601 text or epoch milliseconds)", value);
    }
    return parsed.toInstant();
  }

  static JsonNode array(JsonNode value, String side) {
    if (value.isArray()) {
      return value;
    }
    throw mismatch(side, "an array", value);
  }

  /** Compares JSON values structurally, numbers by value ({@code 1} equals {@code 1.0}). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (isNull(a) || isNull(b)) {
      return isNull(a) && isNull(b);
    }
    if (a.isNumber() && b.isNumber()) {
      return a.isFloatingPointNumber() && !Double.isFinite(a.doubleValue())
              || b.isFloatingPointNumber() && !Double.isFinite(b.doubleValue())
          ? a.doubleValue() == b.doubleValue()
          : a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode other = b.get(field.getKey());
        if (other == null || !sameJson(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static ConditionException mismatch(String side, String expected, JsonNode value) {
    return new ConditionException(side + " value must be " + expected + ", got " + show(value));
  }

  /** Returns the value as short JSON text for messages. */
  static String show(JsonNode value) {
    String shown = isNull(value) ? "null" : Json.write(value);
    return shown.length() > 100 ? shown.substring(0, 100) + "…" : shown;
  }
}

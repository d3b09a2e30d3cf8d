package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Evaluates the contract's condition operators on already rendered values.
 *
 * <p>Each condition component compares values of one type: {@code string_condition} text, {@code
 * number_condition} numbers (numeric strings are accepted), {@code boolean_condition} booleans (the
 * strings {@code "true"} and {@code "false"} are accepted), {@code date_condition} instants (RFC
 * 3339 / ISO-8601 date-times, ISO local dates and date-times taken as UTC, or epoch milliseconds)
 * and {@code array_condition} JSON arrays. A value of another type is an error, never a silent
 * {@code false}. {@code is_empty} holds for {@code null}, {@code ""}, {@code []} and {@code {}}.
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

  private static final Map<String, List<String>> OPERATORS =
      Map.of(
          STRING,
          List.of(
              "equals",
              "not_equals",
              "contains",
              "not_contains",
              "starts_with",
              "ends_with",
              "matches",
              "is_empty",
              "is_not_empty",
              "length_equals",
              "length_gt",
              "length_lt"),
          NUMBER,
          List.of("equals", "not_equals", "is_empty", "is_not_empty", "gt", "gte", "lt", "lte"),
          BOOLEAN,
          List.of("equals", "not_equals", "is_empty", "is_not_empty"),
          DATE,
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
              "after"),
          ARRAY,
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

  /** Upper bound of character reads one regular expression match may make. */
  private static final long REGEX_BUDGET = 10_000_000L;

  private Conditions() {}

  /** Returns the component ids of the typed conditions this class evaluates. */
  public static List<String> components() {
    return List.of(STRING, NUMBER, BOOLEAN, DATE, ARRAY);
  }

  /**
   * Evaluates {@code left operator right} as the condition component {@code componentId} (such as
   * {@code string_condition}) defines it.
   *
   * @throws ConditionException for an operator the component does not support or values of a type
   *     the operator cannot compare
   */
  public static boolean evaluate(
      String componentId, JsonNode left, String operator, JsonNode right) {
    List<String> supported = OPERATORS.get(componentId);
    if (supported == null) {
      throw new ConditionException("unknown condition component '" + componentId + "'");
    }
    if (operator == null || !supported.contains(operator)) {
      throw new ConditionException(
          componentId
              + " has no operator '"
              + operator
              + "'; it supports: "
              + String.join(", ", supported));
    }
    if (operator.equals("is_empty")) {
      return isEmpty(componentId, left);
    }
    if (operator.equals("is_not_empty")) {
      return !isEmpty(componentId, left);
    }
    return switch (componentId) {
      case STRING -> string(left, operator, right);
      case NUMBER -> number(left, operator, right);
      case BOOLEAN -> bool(left, operator, right);
      case DATE -> date(left, operator, right);
      default -> array(left, operator, right);
    };
  }

  /**
   * Returns the operators the condition component supports, in the contract's order; an unknown
   * component supports none.
   */
  public static List<String> operators(String componentId) {
    return OPERATORS.getOrDefault(componentId, List.of());
  }

  private static boolean isNull(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  private static boolean isEmpty(String componentId, JsonNode value) {
    if (isNull(value)
        || (value.isTextual() && value.textValue().isEmpty())
        || (value.isContainerNode() && value.isEmpty())) {
      return true;
    }
    switch (componentId) {
      case STRING -> text(value, "left");
      case NUMBER -> decimal(value, "left");
      case BOOLEAN -> booleanValue(value, "left");
      case DATE -> instant(value, "left");
      default -> arrayValue(value, "left");
    }
    return false;
  }

  private static boolean string(JsonNode left, String operator, JsonNode right) {
    if (operator.equals("equals") || operator.equals("not_equals")) {
      boolean equal =
          isNull(left) || isNull(right)
              ? isNull(left) && isNull(right)
              : text(left, "left").equals(text(right, "right"));
      return operator.equals("equals") == equal;
    }
    String l = text(required(left, "left", operator), "left");
    return switch (operator) {
      case "contains" -> l.contains(text(required(right, "right", operator), "right"));
      case "not_contains" -> !l.contains(text(required(right, "right", operator), "right"));
      case "starts_with" -> l.startsWith(text(required(right, "right", operator), "right"));
      case "ends_with" -> l.endsWith(text(required(right, "right", operator), "right"));
      case "matches" -> matches(l, text(required(right, "right", operator), "right"));
      default -> compareLength(l.codePointCount(0, l.length()), operator, right);
    };
  }

  private static boolean number(JsonNode left, String operator, JsonNode right) {
    if (operator.equals("equals") || operator.equals("not_equals")) {
      boolean equal =
          isNull(left) || isNull(right)
              ? isNull(left) && isNull(right)
              : decimal(left, "left").compareTo(decimal(right, "right")) == 0;
      return operator.equals("equals") == equal;
    }
    int cmp =
        decimal(required(left, "left", operator), "left")
            .compareTo(decimal(required(right, "right", operator), "right"));
    return ordered(cmp, operator);
  }

  private static boolean bool(JsonNode left, String operator, JsonNode right) {
    boolean equal =
        isNull(left) || isNull(right)
            ? isNull(left) && isNull(right)
            : booleanValue(left, "left") == booleanValue(right, "right");
    return operator.equals("equals") == equal;
  }

  private static boolean date(JsonNode left, String operator, JsonNode right) {
    if (operator.equals("equals") || operator.equals("not_equals")) {
      boolean equal =
          isNull(left) || isNull(right)
              ? isNull(left) && isNull(right)
              : instant(left, "left").equals(instant(right, "right"));
      return operator.equals("equals") == equal;
    }
    int cmp =
        instant(required(left, "left", operator), "left")
            .compareTo(instant(required(right, "right", operator), "right"));
    return switch (operator) {
      case "before" -> cmp < 0;
      case "after" -> cmp > 0;
      default -> ordered(cmp, operator);
    };
  }

  private static boolean array(JsonNode left, String operator, JsonNode right) {
    if (operator.equals("equals") || operator.equals("not_equals")) {
      boolean equal =
          isNull(left) || isNull(right)
              ? isNull(left) && isNull(right)
              : sameJson(arrayValue(left, "left"), arrayValue(right, "right"));
      return operator.equals("equals") == equal;
    }
    JsonNode l = arrayValue(required(left, "left", operator), "left");
    return switch (operator) {
      case "contains", "includes" -> containsElement(l, right);
      case "not_contains" -> !containsElement(l, right);
      default -> compareLength(l.size(), operator, right);
    };
  }

  private static boolean ordered(int cmp, String operator) {
    return switch (operator) {
      case "gt" -> cmp > 0;
      case "gte" -> cmp >= 0;
      case "lt" -> cmp < 0;
      default -> cmp <= 0;
    };
  }

  private static boolean compareLength(int length, String operator, JsonNode right) {
    BigDecimal expected = decimal(required(right, "right", operator), "right");
    if (expected.stripTrailingZeros().scale() > 0) {
      throw new ConditionException(operator + " needs a whole number on the right, got " + right);
    }
    int cmp = BigDecimal.valueOf(length).compareTo(expected);
    return switch (operator) {
      case "length_equals" -> cmp == 0;
      case "length_gt" -> cmp > 0;
      default -> cmp < 0;
    };
  }

  private static boolean containsElement(JsonNode array, JsonNode wanted) {
    JsonNode target = isNull(wanted) ? null : wanted;
    for (JsonNode element : array) {
      if (target == null ? isNull(element) : sameJson(element, target)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
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
      var fields = a.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        JsonNode other = b.get(field.getKey());
        if (other == null || !sameJson(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static boolean matches(String text, String regex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConditionException(
          "invalid regular expression '" + regex + "': " + e.getDescription());
    }
    try {
      return pattern.matcher(new BudgetedText(text, REGEX_BUDGET)).find();
    } catch (BudgetedText.Exhausted e) {
      throw new ConditionException(
          "regular expression '" + regex + "' takes too long on this input");
    } catch (StackOverflowError e) {
      throw new ConditionException("regular expression '" + regex + "' is too complex");
    }
  }

  private static JsonNode required(JsonNode value, String side, String operator) {
    if (isNull(value)) {
      throw new ConditionException(operator + " needs a " + side + " value, got null");
    }
    return value;
  }

  private static String text(JsonNode value, String side) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    throw mismatch(side, "a string", value);
  }

  private static BigDecimal decimal(JsonNode value, String side) {
    if (value.isNumber()) {
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

  private static boolean booleanValue(JsonNode value, String side) {
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

  private static Instant instant(JsonNode value, String side) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return Instant.ofEpochMilli(value.longValue());
    }
    if (value.isTextual()) {
      String s = value.textValue().strip();
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeException e) {
        // Try the next format.
      }
      try {
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException e) {
        // Try the next format.
      }
      try {
        return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeException e) {
        // Try the next format.
      }
      if (s.matches("-?\\d{1,18}")) {
        return Instant.ofEpochMilli(Long.parseLong(s));
      }
    }
    throw mismatch(side, "a date (ISO-8601 text or epoch milliseconds)", value);
  }

  private static JsonNode arrayValue(JsonNode value, String side) {
    if (value.isArray()) {
      return value;
    }
    throw mismatch(side, "an array", value);
  }

  private static ConditionException mismatch(String side, String expected, JsonNode value) {
    String shown = Json.write(value);
    if (shown.length() > 100) {
      shown = shown.substring(0, 100) + "…";
    }
    return new ConditionException(side + " value must be " + expected + ", got " + shown);
  }

  private static final class BudgetedText implements CharSequence {
    private final String text;
    private final long[] remaining;

    BudgetedText(String text, long budget) {
      this(text, new long[] {budget});
    }

    private BudgetedText(String text, long[] remaining) {
      this.text = text;
      this.remaining = remaining;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (--remaining[0] < 0) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BudgetedText(text.substring(start, end), remaining);
    }

    @Override
    public String toString() {
      return text;
    }

    static final class Exhausted extends RuntimeException {
      Exhausted() {
        super(null, null, false, false);
      }
    }
  }
}

package io.flowd.model.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The contract's operators on values of one type: {@code left operator right}. There is one
 * comparison per typed condition component ({@code string_condition}, {@code number_condition}, …)
 * and a {@linkplain #dynamic() dynamic} one for {@code switch_condition}, whose operator alone says
 * what type its operands must have.
 *
 * <p>Shared rules: {@code is_empty} holds for {@code null}, {@code ""}, {@code []} and {@code {}};
 * {@code equals} and {@code not_equals} accept {@code null} on either side ({@code null} equals
 * only {@code null}); every other operator needs both values. A value of the wrong type is a {@link
 * ConditionException}, never a silent {@code false}.
 */
public abstract sealed class Comparison
    permits TextComparison,
        NumberComparison,
        BooleanComparison,
        DateComparison,
        ArrayComparison,
        DynamicComparison {
  private static final List<Comparison> TYPED =
      List.of(
          new TextComparison(),
          new NumberComparison(),
          new BooleanComparison(),
          new DateComparison(),
          new ArrayComparison());
  private static final Comparison DYNAMIC = new DynamicComparison();

  private final String name;
  private final List<String> operators;

  Comparison(String name, List<String> operators) {
    this.name = name;
    this.operators = operators;
  }

  /** Returns the comparison of a typed condition component, or empty for any other id. */
  public static Optional<Comparison> forComponent(String componentId) {
    for (Comparison comparison : TYPED) {
      if (comparison.name.equals(componentId)) {
        return Optional.of(comparison);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the comparison that takes every operator and reads the operands as the operator needs
   * them: {@code gt}…{@code lte} numbers, {@code before}/{@code after} dates, {@code
   * starts_with}/{@code ends_with}/{@code matches} text, {@code contains}/{@code includes} and the
   * {@code length_*} operators text or arrays, {@code equals} any JSON (numbers by value).
   */
  public static Comparison dynamic() {
    return DYNAMIC;
  }

  /** Returns the component id (or {@code switch_condition}) this comparison serves. */
  public String name() {
    return name;
  }

  /** Returns the supported operators in the contract's order. */
  public List<String> operators() {
    return operators;
  }

  /** Returns whether the operator compares with a right value ({@code is_empty} does not). */
  public boolean needsRight(String operator) {
    return right(operator) != Operand.NONE;
  }

  /**
   * Evaluates {@code left operator right}.
   *
   * @throws ConditionException for an unsupported operator or values it cannot compare
   */
  public boolean evaluate(String operator, JsonNode left, JsonNode right) {
    if (operator == null || !operators.contains(operator)) {
      throw new ConditionException(
          name
              + " has no operator '"
              + operator
              + "'; it supports: "
              + String.join(", ", operators));
    }
    switch (operator) {
      case "is_empty", "is_not_empty" -> {
        boolean empty = Values.isEmpty(left);
        if (!empty) {
          left(operator).check(left, "left");
        }
        return operator.equals("is_empty") == empty;
      }
      case "equals", "not_equals" -> {
        boolean equal =
            Values.isNull(left) || Values.isNull(right)
                ? Values.isNull(left) && Values.isNull(right)
                : equal(left, right);
        return operator.equals("equals") == equal;
      }
      default -> {
        JsonNode l = Values.required(left, "left", operator);
        JsonNode r =
            right(operator) == Operand.ANY ? right : Values.required(right, "right", operator);
        return compare(operator, l, r);
      }
    }
  }

  /**
   * Checks a literal operand (one without templates) at save time and returns why it can never be
   * valid, or empty when it may be.
   *
   * @param side {@code "left"} or {@code "right"}
   */
  public Optional<String> literalProblem(String operator, String side, JsonNode value) {
    if (operator == null || !operators.contains(operator)) {
      return Optional.empty();
    }
    Operand operand = side.equals("left") ? left(operator) : right(operator);
    if (operand == Operand.NONE) {
      return Optional.empty();
    }
    if (Values.isNull(value)) {
      boolean nullable =
          operand == Operand.ANY
              || List.of("equals", "not_equals", "is_empty", "is_not_empty").contains(operator);
      return nullable
          ? Optional.empty()
          : Optional.of(operator + " needs a " + side + " value, got null");
    }
    try {
      operand.check(value, side);
      return Optional.empty();
    } catch (ConditionException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Returns what the operator needs on the left. */
  abstract Operand left(String operator);

  /** Returns what the operator needs on the right. */
  abstract Operand right(String operator);

  /** Compares two non-null values for {@code equals}. */
  abstract boolean equal(JsonNode left, JsonNode right);

  /** Evaluates an operator other than equality and emptiness on non-null values. */
  abstract boolean compare(String operator, JsonNode left, JsonNode right);

  static boolean text(String operator, String left, JsonNode right) {
    return switch (operator) {
      case "contains", "includes" -> left.contains(Values.text(right, "right"));
      case "not_contains" -> !left.contains(Values.text(right, "right"));
      case "starts_with" -> left.startsWith(Values.text(right, "right"));
      case "ends_with" -> left.endsWith(Values.text(right, "right"));
      case "matches" -> SafeRegex.find(SafeRegex.compile(Values.text(right, "right")), left);
      default -> length(left.codePointCount(0, left.length()), operator, right);
    };
  }

  static boolean array(String operator, JsonNode left, JsonNode right) {
    return switch (operator) {
      case "contains", "includes" -> containsElement(left, right);
      case "not_contains" -> !containsElement(left, right);
      default -> length(left.size(), operator, right);
    };
  }

  static boolean numbers(String operator, JsonNode left, JsonNode right) {
    BigDecimal l = Values.number(left, "left");
    return ordered(l.compareTo(Values.number(right, "right")), operator);
  }

  static boolean dates(String operator, JsonNode left, JsonNode right) {
    Instant l = Values.instant(left, "left");
    int cmp = l.compareTo(Values.instant(right, "right"));
    return switch (operator) {
      case "before" -> cmp < 0;
      case "after" -> cmp > 0;
      default -> ordered(cmp, operator);
    };
  }

  static boolean ordered(int cmp, String operator) {
    return switch (operator) {
      case "gt" -> cmp > 0;
      case "gte" -> cmp >= 0;
      case "lt" -> cmp < 0;
      case "lte" -> cmp <= 0;
      default -> throw new ConditionException("operator '" + operator + "' does not order values");
    };
  }

  static boolean length(int length, String operator, JsonNode right) {
    int cmp = BigDecimal.valueOf(length).compareTo(Values.wholeNumber(right, "right"));
    return switch (operator) {
      case "length_equals" -> cmp == 0;
      case "length_gt" -> cmp > 0;
      case "length_lt" -> cmp < 0;
      default ->
          throw new ConditionException("operator '" + operator + "' does not measure length");
    };
  }

  private static boolean containsElement(JsonNode array, JsonNode wanted) {
    for (JsonNode element : array) {
      if (Values.sameJson(element, wanted)) {
        return true;
      }
    }
    return false;
  }
}

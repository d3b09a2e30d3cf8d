package io.flowd.model.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonTest {
  private static final Comparison DYNAMIC = Comparison.dynamic();

  private static JsonNode json(String text) {
    return text == null ? null : Json.parse(text);
  }

  private static boolean dynamic(String left, String operator, String right) {
    return DYNAMIC.evaluate(operator, json(left), json(right));
  }

  @ParameterizedTest(name = "switch {0} {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"gold\"'          | equals        | '\"gold\"'           | true",
        "1                   | equals        | 1.0                  | true",
        "'\"1\"'             | equals        | 1                    | false",
        "'{\"a\": [1]}'      | equals        | '{\"a\": [1.0]}'     | true",
        "'\"gold\"'          | not_equals    | '\"silver\"'         | true",
        "'\"goldfish\"'      | contains      | '\"fish\"'           | true",
        "'[\"a\", \"b\"]'    | contains      | '\"b\"'              | true",
        "'[\"a\", \"b\"]'    | includes      | '\"c\"'              | false",
        "'\"abc\"'           | includes      | '\"bc\"'             | true",
        "'\"abc\"'           | not_contains  | '\"x\"'              | true",
        "'[1]'               | not_contains  | 1                    | false",
        "'\"abc\"'           | starts_with   | '\"ab\"'             | true",
        "'\"abc\"'           | ends_with     | '\"ab\"'             | false",
        "'\"a-17\"'          | matches       | '\"^a-\\\\d+$\"'     | true",
        "'\"\"'              | is_empty      |                      | true",
        "'{}'                | is_empty      |                      | true",
        "0                   | is_empty      |                      | false",
        "'[0]'               | is_not_empty  |                      | true",
        "10                  | gt            | 9.5                  | true",
        "'\"10\"'            | gte           | 10                   | true",
        "10                  | lt            | 10                   | false",
        "10                  | lte           | 10                   | true",
        "'\"2024-02-29\"'    | before        | '\"2024-03-01\"'     | true",
        "'\"2024-02-29\"'    | after         | '\"2024-03-01\"'     | false",
        "'[1, 2, 3]'         | length_equals | 3                    | true",
        "'\"héllo\"'         | length_equals | 5                    | true",
        "'\"abc\"'           | length_gt     | 3                    | false",
        "'[]'                | length_lt     | 1                    | true",
      })
  void switch_operators_read_operands_as_the_operator_needs(
      String left, String operator, String right, boolean expected) {
    assertThat(dynamic(left, operator, right)).isEqualTo(expected);
  }

  @Test
  void dynamic_comparison_supports_every_contract_operator() {
    assertThat(DYNAMIC.operators())
        .containsExactlyInAnyOrder(
            "equals",
            "not_equals",
            "contains",
            "not_contains",
            "starts_with",
            "ends_with",
            "matches",
            "is_empty",
            "is_not_empty",
            "gt",
            "gte",
            "lt",
            "lte",
            "before",
            "after",
            "length_equals",
            "length_gt",
            "length_lt",
            "includes");
  }

  @Test
  void typed_conditions_offer_the_operators_that_make_sense_for_their_type() {
    assertThat(Conditions.operators(Conditions.STRING))
        .containsExactlyInAnyOrder(
            "equals",
            "not_equals",
            "contains",
            "not_contains",
            "includes",
            "starts_with",
            "ends_with",
            "matches",
            "is_empty",
            "is_not_empty",
            "length_equals",
            "length_gt",
            "length_lt");
    assertThat(Conditions.operators(Conditions.NUMBER))
        .containsExactlyInAnyOrder(
            "equals", "not_equals", "is_empty", "is_not_empty", "gt", "gte", "lt", "lte");
    assertThat(Conditions.operators(Conditions.BOOLEAN))
        .containsExactlyInAnyOrder("equals", "not_equals", "is_empty", "is_not_empty");
    assertThat(Conditions.operators(Conditions.DATE))
        .containsExactlyInAnyOrder(
            "equals",
            "not_equals",
            "is_empty",
            "is_not_empty",
            "gt",
            "gte",
            "lt",
            "lte",
            "before",
            "after");
    assertThat(Conditions.operators(Conditions.ARRAY))
        .containsExactlyInAnyOrder(
            "equals",
            "not_equals",
            "contains",
            "not_contains",
            "includes",
            "is_empty",
            "is_not_empty",
            "length_equals",
            "length_gt",
            "length_lt");
  }

  @Test
  void dynamic_type_mismatches_are_errors() {
    assertThatThrownBy(() -> dynamic("\"abc\"", "gt", "1"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("left value must be a number");
    assertThatThrownBy(() -> dynamic("{\"a\": 1}", "contains", "\"a\""))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("a string or an array");
    assertThatThrownBy(() -> dynamic("\"abc\"", "contains", "null"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("needs a right value");
    assertThatThrownBy(() -> dynamic("\"someday\"", "before", "\"2026-01-01\""))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("date");
    assertThatThrownBy(() -> dynamic("true", "length_gt", "1"))
        .isInstanceOf(ConditionException.class);
  }

  @Test
  void array_contains_null_finds_a_null_element() {
    assertThat(Conditions.evaluate(Conditions.ARRAY, json("[1, null]"), "contains", null)).isTrue();
    assertThat(Conditions.evaluate(Conditions.ARRAY, json("[1]"), "contains", json("null")))
        .isFalse();
  }

  @Test
  void empty_array_contains_nothing_and_has_length_zero() {
    assertThat(Conditions.evaluate(Conditions.ARRAY, json("[]"), "contains", json("1"))).isFalse();
    assertThat(Conditions.evaluate(Conditions.ARRAY, json("[]"), "length_equals", json("0")))
        .isTrue();
    assertThat(Conditions.evaluate(Conditions.ARRAY, json("[]"), "equals", json("[]"))).isTrue();
  }

  @Test
  void string_condition_includes_is_substring_search() {
    assertThat(Conditions.evaluate(Conditions.STRING, json("\"abc\""), "includes", json("\"b\"")))
        .isTrue();
  }

  @Test
  void date_condition_accepts_zones_spaces_and_epoch_millis() {
    assertThat(
            Conditions.evaluate(
                Conditions.DATE,
                json("\"2026-03-29T03:00:00+02:00[Europe/Berlin]\""),
                "equals",
                json("\"2026-03-29 01:00:00\"")))
        .isTrue();
    assertThat(
            Conditions.evaluate(
                Conditions.DATE, json("\"0\""), "equals", json("\"1970-01-01T00:00:00Z\"")))
        .isTrue();
  }

  @Test
  void impossible_date_is_an_error() {
    assertThatThrownBy(
            () ->
                Conditions.evaluate(
                    Conditions.DATE, json("\"2025-02-29\""), "before", json("\"2026-01-01\"")))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("left value must be a date");
  }

  @Test
  void huge_floating_number_is_a_type_error_not_infinity() {
    assertThatThrownBy(() -> Conditions.evaluate(Conditions.NUMBER, json("1e400"), "gt", json("1")))
        .isInstanceOf(ConditionException.class);
  }

  @Test
  void literal_problems_name_the_side_and_the_type() {
    Comparison number = Comparison.forComponent(Conditions.NUMBER).orElseThrow();
    assertThat(number.literalProblem("gt", "right", json("\"ten\"")))
        .hasValueSatisfying(p -> assertThat(p).contains("right value must be a number"));
    assertThat(number.literalProblem("gt", "right", json("null")))
        .hasValueSatisfying(p -> assertThat(p).contains("needs a right value"));
    assertThat(number.literalProblem("equals", "right", json("null"))).isEmpty();
    assertThat(number.literalProblem("is_empty", "right", json("\"whatever\""))).isEmpty();
    Comparison text = Comparison.forComponent(Conditions.STRING).orElseThrow();
    assertThat(text.literalProblem("matches", "right", json("\"([a-\"")))
        .hasValueSatisfying(p -> assertThat(p).contains("invalid regular expression"));
    assertThat(text.literalProblem("length_gt", "right", json("1.5")))
        .hasValueSatisfying(p -> assertThat(p).contains("whole number"));
    Comparison date = Comparison.forComponent(Conditions.DATE).orElseThrow();
    assertThat(date.literalProblem("after", "left", json("\"2026-13-01\""))).isPresent();
    assertThat(DYNAMIC.literalProblem("gt", "right", json("\"x\""))).isPresent();
    assertThat(DYNAMIC.literalProblem("contains", "right", json("null"))).isEmpty();
  }

  @Test
  void needs_right_is_false_only_for_emptiness() {
    assertThat(DYNAMIC.needsRight("is_empty")).isFalse();
    assertThat(DYNAMIC.needsRight("is_not_empty")).isFalse();
    assertThat(DYNAMIC.needsRight("equals")).isTrue();
  }

  @Test
  void overlong_regex_is_refused() {
    assertThatThrownBy(() -> SafeRegex.compile("a".repeat(SafeRegex.MAX_PATTERN_LENGTH + 1)))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void nested_quantifier_regex_on_long_input_answers_without_backtracking() {
    String left = "\"" + "a".repeat(5_000) + "!\"";
    assertThat(dynamic(left, "matches", "\"^(a+)+$\"")).isFalse();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void empty_alternatives_regex_runs_in_linear_time() {
    String pattern = "(|)*".repeat(40) + "x";
    assertThat(
            dynamic(
                "\"" + "y".repeat(1_000) + "\"",
                "matches",
                Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(pattern))))
        .isFalse();
    assertThat(
            dynamic(
                "\"yyx\"",
                "matches",
                Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(pattern))))
        .isTrue();
  }

  @Test
  void lookaround_and_backreferences_are_refused_naming_the_construct() {
    Comparison text = Comparison.forComponent(Conditions.STRING).orElseThrow();
    assertThat(text.literalProblem("matches", "right", json("\"(?=a)b\"")))
        .hasValueSatisfying(p -> assertThat(p).contains("invalid regular expression", "(?="));
    assertThat(text.literalProblem("matches", "right", json("\"(a)\\\\1\"")))
        .hasValueSatisfying(p -> assertThat(p).contains("\\1"));
  }

  @Test
  void overlong_text_is_refused() {
    String left = "\"" + "a".repeat(SafeRegex.MAX_INPUT_LENGTH + 1) + "\"";
    assertThatThrownBy(() -> dynamic(left, "matches", "\"a\""))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("longer than");
  }
}

package io.flowd.model.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionsTest {

  private static boolean eval(String component, String left, String operator, String right) {
    return Conditions.evaluate(component, json(left), operator, json(right));
  }

  private static JsonNode json(String text) {
    return text == null ? null : Json.parse(text);
  }

  @ParameterizedTest(name = "string {0} {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"abc\"'     | equals        | '\"abc\"'  | true",
        "'\"abc\"'     | equals        | '\"abd\"'  | false",
        "'\"abc\"'     | not_equals    | '\"abd\"'  | true",
        "'\"abc\"'     | not_equals    | '\"abc\"'  | false",
        "'\"abcdef\"'  | contains      | '\"cd\"'   | true",
        "'\"abcdef\"'  | contains      | '\"x\"'    | false",
        "'\"abcdef\"'  | not_contains  | '\"x\"'    | true",
        "'\"abcdef\"'  | not_contains  | '\"cd\"'   | false",
        "'\"abcdef\"'  | starts_with   | '\"ab\"'   | true",
        "'\"abcdef\"'  | starts_with   | '\"bc\"'   | false",
        "'\"abcdef\"'  | ends_with     | '\"ef\"'   | true",
        "'\"abcdef\"'  | ends_with     | '\"de\"'   | false",
        "'\"order-42\"' | matches      | '\"\\\\d+\"' | true",
        "'\"order\"'   | matches       | '\"^\\\\d+$\"' | false",
        "'\"abc\"'     | length_equals | 3          | true",
        "'\"abc\"'     | length_equals | 4          | false",
        "'\"abc\"'     | length_gt     | 2          | true",
        "'\"abc\"'     | length_gt     | 3          | false",
        "'\"abc\"'     | length_lt     | 4          | true",
        "'\"abc\"'     | length_lt     | 3          | false",
        "42            | equals        | '\"42\"'   | true",
      })
  void string_operators(String left, String operator, String right, boolean expected) {
    assertThat(eval("string_condition", left, operator, right)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "number {0} {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1         | equals     | 1.0  | true",
        "1         | equals     | 2    | false",
        "1         | not_equals | 2    | true",
        "1         | not_equals | 1    | false",
        "'\"42\"'  | gt         | 41   | true",
        "41        | gt         | 41   | false",
        "41        | gte        | 41   | true",
        "40        | gte        | 41   | false",
        "-1.5      | lt         | 0    | true",
        "0         | lt         | 0    | false",
        "0         | lte        | 0    | true",
        "1         | lte        | 0    | false",
      })
  void number_operators(String left, String operator, String right, boolean expected) {
    assertThat(eval("number_condition", left, operator, right)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "boolean {0} {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "true       | equals     | true  | true",
        "true       | equals     | false | false",
        "'\"false\"'| equals     | false | true",
        "true       | not_equals | false | true",
        "true       | not_equals | true  | false",
      })
  void boolean_operators(String left, String operator, String right, boolean expected) {
    assertThat(eval("boolean_condition", left, operator, right)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "date {0} {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"2026-01-01T00:00:00Z\"'      | equals     | '\"2026-01-01\"'             | true",
        "'\"2026-01-01T01:00:00+01:00\"' | equals     | '\"2026-01-01T00:00:00Z\"'   | true",
        "'\"2026-01-01T00:00:00Z\"'      | equals     | '\"2026-01-02\"'             | false",
        "'\"2026-01-01\"'                | not_equals | '\"2026-01-02\"'             | true",
        "'\"2026-01-01\"'                | not_equals | 1767225600000                | false",
        "'\"2026-01-01\"'                | before     | '\"2026-01-02T00:00:00Z\"'   | true",
        "'\"2026-01-03\"'                | before     | '\"2026-01-02\"'             | false",
        "'\"2026-01-03\"'                | after      | '\"2026-01-02\"'             | true",
        "'\"2026-01-01\"'                | after      | '\"2026-01-02\"'             | false",
        "'\"2026-01-03\"'                | gt         | '\"2026-01-02\"'             | true",
        "'\"2026-01-02\"'                | gte        | '\"2026-01-02\"'             | true",
        "'\"2026-01-03\"'                | lt         | '\"2026-01-02\"'             | false",
        "'\"2026-01-03\"'                | lte        | '\"2026-01-02\"'             | false",
      })
  void date_operators(String left, String operator, String right, boolean expected) {
    assertThat(eval("date_condition", left, operator, right)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "array {0} {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'[1, \"a\", {\"k\": 1}]' | contains      | '\"a\"'        | true",
        "'[1, \"a\"]'             | contains      | '\"b\"'        | false",
        "'[1, \"a\", {\"k\": 1}]' | includes      | '{\"k\": 1.0}' | true",
        "'[1, 2]'                 | includes      | 3              | false",
        "'[1, 2]'                 | not_contains  | 3              | true",
        "'[1, 2]'                 | not_contains  | 2              | false",
        "'[1, 2]'                 | length_equals | 2              | true",
        "'[1, 2]'                 | length_equals | 3              | false",
        "'[1, 2]'                 | length_gt     | 1              | true",
        "'[1, 2]'                 | length_gt     | 2              | false",
        "'[1, 2]'                 | length_lt     | 3              | true",
        "'[1, 2]'                 | length_lt     | 2              | false",
        "'[1, 2]'                 | equals        | '[1, 2]'       | true",
        "'[1, 2]'                 | equals        | '[2, 1]'       | false",
      })
  void array_operators(String left, String operator, String right, boolean expected) {
    assertThat(eval("array_condition", left, operator, right)).isEqualTo(expected);
  }

  @Test
  void is_empty_holds_for_null_empty_string_and_empty_array() {
    assertThat(Conditions.evaluate("string_condition", null, "is_empty", null)).isTrue();
    assertThat(eval("string_condition", "null", "is_empty", null)).isTrue();
    assertThat(eval("string_condition", "\"\"", "is_empty", null)).isTrue();
    assertThat(eval("array_condition", "[]", "is_empty", null)).isTrue();
    assertThat(eval("number_condition", "null", "is_empty", null)).isTrue();
    assertThat(eval("string_condition", "\"x\"", "is_empty", null)).isFalse();
    assertThat(eval("array_condition", "[0]", "is_empty", null)).isFalse();
    assertThat(eval("number_condition", "0", "is_empty", null)).isFalse();
  }

  @Test
  void is_not_empty_is_the_opposite_of_is_empty() {
    assertThat(eval("string_condition", "\"x\"", "is_not_empty", null)).isTrue();
    assertThat(eval("array_condition", "[]", "is_not_empty", null)).isFalse();
    assertThat(eval("boolean_condition", "false", "is_not_empty", null)).isTrue();
    assertThat(eval("date_condition", "null", "is_not_empty", null)).isFalse();
  }

  @Test
  void number_condition_on_text_is_a_type_mismatch() {
    assertThatThrownBy(() -> eval("number_condition", "\"abc\"", "gt", "1"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("left value must be a number")
        .hasMessageContaining("\"abc\"");
  }

  @Test
  void other_type_mismatches_are_errors_not_false() {
    assertThatThrownBy(() -> eval("boolean_condition", "\"yes\"", "equals", "true"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("boolean");
    assertThatThrownBy(() -> eval("date_condition", "\"soon\"", "before", "\"2026-01-01\""))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("date");
    assertThatThrownBy(() -> eval("array_condition", "\"abc\"", "contains", "\"a\""))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("array");
    assertThatThrownBy(() -> eval("string_condition", "{\"a\": 1}", "contains", "\"a\""))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("string");
    assertThatThrownBy(() -> eval("array_condition", "\"abc\"", "is_empty", null))
        .isInstanceOf(ConditionException.class);
    assertThatThrownBy(() -> eval("string_condition", "\"abc\"", "length_gt", "1.5"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("whole number");
  }

  @Test
  void null_left_with_an_ordering_operator_is_an_error() {
    assertThatThrownBy(() -> eval("number_condition", "null", "gt", "1"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("null");
  }

  @Test
  void null_compares_equal_only_to_null() {
    assertThat(eval("string_condition", "null", "equals", "null")).isTrue();
    assertThat(eval("string_condition", "null", "equals", "\"a\"")).isFalse();
  }

  @Test
  void invalid_regex_is_a_condition_error() {
    assertThatThrownBy(() -> eval("string_condition", "\"abc\"", "matches", "\"([a-\""))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("invalid regular expression");
  }

  @Test
  void catastrophic_regex_answers_in_linear_time_instead_of_hanging() {
    String left = "\"" + "a".repeat(30) + "!\"";
    assertThat(eval("string_condition", left, "matches", "\"(.*a){20}$\"")).isFalse();
  }

  @Test
  void unknown_operator_for_the_component_is_an_error() {
    assertThatThrownBy(() -> eval("boolean_condition", "true", "gt", "false"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("boolean_condition has no operator 'gt'");
    assertThatThrownBy(() -> eval("number_condition", "1", "shout", "1"))
        .isInstanceOf(ConditionException.class);
  }

  @Test
  void unknown_component_is_an_error() {
    assertThatThrownBy(() -> eval("json_condition", "1", "equals", "1"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("json_condition");
  }

  @Test
  void operators_follow_the_contract_order_per_component() {
    assertThat(Conditions.operators("boolean_condition"))
        .containsExactly("equals", "not_equals", "is_empty", "is_not_empty");
    assertThat(Conditions.operators("number_condition"))
        .contains("gt", "lte")
        .doesNotContain("matches");
    assertThat(Conditions.operators("array_condition")).contains("includes", "length_gt");
    assertThat(Conditions.operators("nope")).isEmpty();
  }
}

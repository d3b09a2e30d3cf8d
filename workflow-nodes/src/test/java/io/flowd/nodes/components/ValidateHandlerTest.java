package io.flowd.nodes.components;

import static io.flowd.nodes.components.Configs.data;
import static io.flowd.nodes.components.Configs.paths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.nodes.spi.NodeFailure;
import org.junit.jupiter.api.Test;

class ValidateHandlerTest {
  private static final ValidateHandler VALIDATE = new ValidateHandler();
  private static final String RULES =
      "\"rules\":{\"email\":\"required|email\",\"age\":\"number|min:18|max:130\","
          + "\"name\":\"required|string|min:2|max:5\",\"tags\":\"min:1\","
          + "\"address.city\":\"required|string\"}";

  private static JsonNode validate(String input) {
    return VALIDATE.evaluate(data("{\"input\":" + input + "," + RULES + "}"), null).output();
  }

  private static String failure(String input) {
    try {
      validate(input);
    } catch (NodeFailure f) {
      assertThat(f.retryable()).isFalse();
      assertThat(f.type()).isEqualTo("validation_failed");
      return f.getMessage();
    }
    throw new AssertionError("validation passed");
  }

  @Test
  void valid_input_outputs_valid_true() {
    assertThat(
            validate(
                "{\"email\":\"ada@example.org\",\"age\":36,\"name\":\"Ada\",\"tags\":[\"x\"],"
                    + "\"address\":{\"city\":\"London\"}}"))
        .isEqualTo(data("{\"valid\":true}"));
  }

  @Test
  void every_broken_rule_is_listed() {
    String message =
        failure(
            "{\"email\":\"not-an-email\",\"age\":\"36\",\"name\":\"Adalbert\",\"tags\":[],"
                + "\"address\":{}}");
    assertThat(message)
        .contains("email must be an email address")
        .contains("age must be a number")
        .contains("name must have at most 5 characters")
        .contains("tags must have at least 1 items")
        .contains("address.city is required");
  }

  @Test
  void optional_fields_that_are_absent_or_null_are_skipped() {
    assertThat(
            validate(
                "{\"email\":\"a@b.co\",\"name\":\"Ada\",\"age\":null,"
                    + "\"address\":{\"city\":\"Rome\"}}"))
        .isEqualTo(data("{\"valid\":true}"));
  }

  @Test
  void numbers_are_bounded_by_value() {
    assertThat(
            failure(
                "{\"email\":\"a@b.co\",\"name\":\"Ada\",\"age\":17.5,"
                    + "\"address\":{\"city\":\"Rome\"}}"))
        .isEqualTo("validation failed: age must be at least 18");
  }

  @Test
  void missing_input_fails_every_required_field() {
    assertThat(failure("null"))
        .contains("email is required", "name is required", "address.city is required");
  }

  @Test
  void blank_required_text_is_missing() {
    assertThat(failure("{\"email\":\"  \",\"name\":\"Ada\",\"address\":{\"city\":\"Rome\"}}"))
        .isEqualTo("validation failed: email is required");
  }

  @Test
  void input_that_is_not_an_object_fails_the_node() {
    assertThatThrownBy(() -> validate("[1]"))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("must be an object");
  }

  @Test
  void without_input_the_node_input_is_validated() {
    assertThat(
            VALIDATE
                .evaluate(data("{\"rules\":{\"id\":\"required|number\"}}"), data("{\"id\":7}"))
                .output())
        .isEqualTo(data("{\"valid\":true}"));
  }

  @Test
  void validation_rejects_unknown_rules_and_bad_bounds() {
    assertThat(
            paths(
                VALIDATE.validateConfig(
                    data(
                        "{\"rules\":{\"a\":\"required|uuid\",\"b\":\"min:x\",\"c\":5,"
                            + "\"d\":\"max:10|string\"}}"),
                    "d")))
        .containsExactly("d.rules.a", "d.rules.b", "d.rules.c");
    assertThat(paths(VALIDATE.validateConfig(data("{\"rules\":{}}"), "d")))
        .containsExactly("d.rules");
    assertThat(paths(VALIDATE.validateConfig(data("{}"), "d"))).containsExactly("d.rules");
  }
}

package io.flowd.nodes.components;

import static io.flowd.nodes.components.Configs.data;
import static io.flowd.nodes.components.Configs.paths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.nodes.spi.NodeFailure;
import org.junit.jupiter.api.Test;

class JsonParserHandlerTest {
  private static final JsonParserHandler PARSER = new JsonParserHandler();

  private static JsonNode parse(JsonNode input) {
    var config = Json.object();
    config.set("input", input);
    return PARSER.evaluate(config, null).output();
  }

  @Test
  void parses_objects_arrays_and_scalars() {
    assertThat(parse(Json.toTree("{\"a\":[1,{\"b\":null}]}")))
        .isEqualTo(data("{\"a\":[1,{\"b\":null}]}"));
    assertThat(parse(Json.toTree("[true, \"x\"]"))).isEqualTo(Json.parse("[true,\"x\"]"));
    assertThat(parse(Json.toTree(" 42 ")).asInt()).isEqualTo(42);
    assertThat(parse(Json.toTree("null")).isNull()).isTrue();
  }

  @Test
  void input_that_is_not_a_string_fails_the_node() {
    assertThatThrownBy(() -> parse(data("{\"a\":1}")))
        .isInstanceOfSatisfying(
            NodeFailure.class,
            f -> {
              assertThat(f.retryable()).isFalse();
              assertThat(f.getMessage()).contains("must be a string", "an object");
            });
    assertThatThrownBy(() -> parse(null))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("null");
  }

  @Test
  void bad_json_fails_the_node_saying_so() {
    assertThatThrownBy(() -> parse(Json.toTree("{\"a\":")))
        .isInstanceOfSatisfying(
            NodeFailure.class,
            f -> {
              assertThat(f.type()).isEqualTo("invalid_json");
              assertThat(f.getMessage()).contains("not valid JSON");
            });
    assertThatThrownBy(() -> parse(Json.toTree("{} {}"))).isInstanceOf(NodeFailure.class);
    assertThatThrownBy(() -> parse(Json.toTree("   ")))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("empty");
  }

  @Test
  void nesting_beyond_the_limit_fails_the_node() {
    String deep = "[".repeat(Json.MAX_DEPTH + 5) + "]".repeat(Json.MAX_DEPTH + 5);
    assertThatThrownBy(() -> parse(Json.toTree(deep))).isInstanceOf(NodeFailure.class);
  }

  @Test
  void validation_checks_literal_input_and_accepts_templates() {
    assertThat(PARSER.validateConfig(data("{\"input\":\"{{ n2.body }}\"}"), "d")).isEmpty();
    assertThat(PARSER.validateConfig(data("{\"input\":\"{\\\"ok\\\":true}\"}"), "d")).isEmpty();
    assertThat(paths(PARSER.validateConfig(data("{\"input\":\"{oops\"}"), "d")))
        .containsExactly("d.input");
    assertThat(paths(PARSER.validateConfig(data("{\"input\":5}"), "d"))).containsExactly("d.input");
    assertThat(paths(PARSER.validateConfig(data("{}"), "d"))).containsExactly("d.input");
  }
}

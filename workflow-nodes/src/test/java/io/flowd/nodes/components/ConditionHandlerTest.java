package io.flowd.nodes.components;

import static io.flowd.nodes.components.Configs.data;
import static io.flowd.nodes.components.Configs.paths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.model.NodeType;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.spi.NodeOutcome;
import org.junit.jupiter.api.Test;

class ConditionHandlerTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(false);

  private static NodeOutcome evaluate(String componentId, String config) {
    return new ConditionHandler(componentId).evaluate(data(config), null);
  }

  @Test
  void every_typed_condition_is_registered_as_a_condition() {
    for (String id :
        new String[] {
          "string_condition",
          "number_condition",
          "boolean_condition",
          "date_condition",
          "array_condition"
        }) {
      assertThat(REGISTRY.get(id).type()).isEqualTo(NodeType.CONDITION);
      assertThat(REGISTRY.get(id).outputHandles(data("{}"))).containsExactly("true", "false");
    }
  }

  @Test
  void date_condition_leaves_by_true_when_left_is_before_right() {
    NodeOutcome outcome =
        evaluate(
            "date_condition",
            "{\"left\":\"2024-02-29T23:00:00-05:00\",\"operator\":\"before\","
                + "\"right\":\"2024-03-01T05:00:00Z\"}");
    assertThat(outcome.handle()).isEqualTo("true");
    assertThat(outcome.output().path("result").asBoolean()).isTrue();
  }

  @Test
  void array_condition_on_an_empty_array_leaves_by_false() {
    NodeOutcome outcome =
        evaluate("array_condition", "{\"left\":[],\"operator\":\"includes\",\"right\":\"x\"}");
    assertThat(outcome.handle()).isEqualTo("false");
    assertThat(outcome.output().path("result").asBoolean()).isFalse();
  }

  @Test
  void type_mismatch_fails_the_node_without_retry() {
    assertThatThrownBy(
            () ->
                evaluate("number_condition", "{\"left\":\"many\",\"operator\":\"gt\",\"right\":3}"))
        .isInstanceOfSatisfying(
            NodeFailure.class,
            f -> {
              assertThat(f.retryable()).isFalse();
              assertThat(f.type()).isEqualTo("condition_error");
              assertThat(f.getMessage()).contains("left value must be a number", "\"many\"");
            });
  }

  @Test
  void unparsable_date_fails_the_node() {
    assertThatThrownBy(
            () ->
                evaluate(
                    "date_condition",
                    "{\"left\":\"31/12/2026\",\"operator\":\"after\",\"right\":\"2026-01-01\"}"))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("date");
  }

  @Test
  void bad_regex_at_run_time_fails_the_node() {
    assertThatThrownBy(
            () ->
                evaluate(
                    "string_condition",
                    "{\"left\":\"a\",\"operator\":\"matches\",\"right\":\"(\"}"))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("invalid regular expression");
  }

  @Test
  void validation_lists_every_problem_with_its_path() {
    ConditionHandler number = new ConditionHandler("number_condition");
    assertThat(paths(number.validateConfig(data("{\"operator\":\"matches\"}"), "n.data")))
        .containsExactlyInAnyOrder("n.data.left", "n.data.operator");
    assertThat(
            paths(
                number.validateConfig(
                    data("{\"left\":\"abc\",\"operator\":\"gt\",\"right\":\"ten\"}"), "n.data")))
        .containsExactlyInAnyOrder("n.data.left", "n.data.right");
    assertThat(paths(number.validateConfig(data("{\"left\":1,\"operator\":\"gt\"}"), "n.data")))
        .containsExactly("n.data.right");
  }

  @Test
  void templates_and_right_less_operators_pass_validation() {
    ConditionHandler number = new ConditionHandler("number_condition");
    assertThat(
            number.validateConfig(
                data("{\"left\":\"{{ trigger.n }}\",\"operator\":\"gt\",\"right\":\"{{ n1.x }}\"}"),
                "n.data"))
        .isEmpty();
    assertThat(
            number.validateConfig(
                data("{\"left\":\"{{ trigger.n }}\",\"operator\":\"is_empty\"}"), "n.data"))
        .isEmpty();
  }

  @Test
  void literal_bad_regex_and_fractional_length_are_rejected_at_save_time() {
    ConditionHandler string = new ConditionHandler("string_condition");
    assertThat(
            string.validateConfig(
                data("{\"left\":\"{{ a.b }}\",\"operator\":\"matches\",\"right\":\"([a-\"}"),
                "n.data"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("n.data.right");
              assertThat(e.message()).contains("invalid regular expression");
            });
    assertThat(
            paths(
                string.validateConfig(
                    data("{\"left\":\"{{ a.b }}\",\"operator\":\"length_gt\",\"right\":1.5}"),
                    "n.data")))
        .containsExactly("n.data.right");
  }

  @Test
  void operators_outside_the_type_are_rejected() {
    assertThat(
            paths(
                new ConditionHandler("boolean_condition")
                    .validateConfig(
                        data("{\"left\":true,\"operator\":\"gt\",\"right\":false}"), "n.data")))
        .containsExactly("n.data.operator");
    assertThat(
            paths(
                new ConditionHandler("array_condition")
                    .validateConfig(
                        data("{\"left\":[],\"operator\":\"before\",\"right\":1}"), "n.data")))
        .containsExactly("n.data.operator");
  }
}

package io.flowd.nodes.components;

import static io.flowd.nodes.components.Configs.data;
import static io.flowd.nodes.components.Configs.paths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.model.Edge;
import io.flowd.model.Graph;
import io.flowd.model.Node;
import io.flowd.model.ValidationError;
import io.flowd.model.validation.GraphValidator;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwitchConditionHandlerTest {
  private static final SwitchConditionHandler SWITCH = new SwitchConditionHandler();
  private static final String CASES =
      "\"cases\":[{\"handle\":\"big\",\"operator\":\"gte\",\"right\":100},"
          + "{\"handle\":\"medium\",\"operator\":\"gte\",\"right\":10},"
          + "{\"handle\":\"any\",\"operator\":\"gte\",\"right\":0}]";

  private static NodeOutcome evaluate(String value) {
    return SWITCH.evaluate(data("{\"value\":" + value + "," + CASES + "}"), null);
  }

  @Test
  void the_first_case_that_holds_chooses_the_handle() {
    assertThat(evaluate("150").handle()).isEqualTo("big");
    assertThat(evaluate("50").handle()).isEqualTo("medium");
    assertThat(evaluate("50").output()).isEqualTo(data("{\"handle\":\"medium\"}"));
    assertThat(evaluate("0").handle()).isEqualTo("any");
  }

  @Test
  void no_case_holding_takes_default() {
    NodeOutcome outcome = evaluate("-1");
    assertThat(outcome.handle()).isEqualTo("default");
    assertThat(outcome.output().path("handle").asText()).isEqualTo("default");
  }

  @Test
  void string_cases_compare_text() {
    NodeOutcome outcome =
        SWITCH.evaluate(
            data(
                "{\"value\":\"eu-west\",\"cases\":["
                    + "{\"handle\":\"us\",\"operator\":\"starts_with\",\"right\":\"us-\"},"
                    + "{\"handle\":\"eu\",\"operator\":\"matches\",\"right\":\"^eu-\"}]}"),
            null);
    assertThat(outcome.handle()).isEqualTo("eu");
  }

  @Test
  void a_case_that_cannot_compare_fails_the_node_naming_the_case() {
    assertThatThrownBy(() -> evaluate("\"lots\""))
        .isInstanceOfSatisfying(
            NodeFailure.class,
            f -> {
              assertThat(f.retryable()).isFalse();
              assertThat(f.getMessage()).contains("case 0 ('big')", "left value must be a number");
            });
  }

  @Test
  void output_handles_are_the_case_handles_and_default() {
    assertThat(SWITCH.outputHandles(data("{" + CASES + "}")))
        .containsExactly("big", "medium", "any", "default");
    assertThat(SWITCH.outputHandles(data("{}"))).containsExactly("default");
  }

  @Test
  void validation_rejects_bad_cases_with_their_paths() {
    List<ValidationError> errors =
        SWITCH.validateConfig(
            data(
                "{\"value\":\"{{ trigger.tier }}\",\"cases\":["
                    + "{\"handle\":\"a\",\"operator\":\"equals\",\"right\":1},"
                    + "{\"handle\":\"a\",\"operator\":\"equals\",\"right\":2},"
                    + "{\"handle\":\"default\",\"operator\":\"equals\",\"right\":3},"
                    + "{\"handle\":\"{{ x.y }}\",\"operator\":\"equals\",\"right\":3},"
                    + "{\"handle\":\"b\",\"operator\":\"shout\",\"right\":3},"
                    + "{\"handle\":\"c\",\"operator\":\"gt\",\"right\":\"ten\"},"
                    + "{\"handle\":\"d\",\"operator\":\"matches\",\"right\":\"(\"},"
                    + "{\"handle\":\"e\",\"operator\":\"lt\"},"
                    + "\"f\"]}"),
            "nodes[1].data");
    assertThat(paths(errors))
        .containsExactly(
            "nodes[1].data.cases[1].handle",
            "nodes[1].data.cases[2].handle",
            "nodes[1].data.cases[3].handle",
            "nodes[1].data.cases[4].operator",
            "nodes[1].data.cases[5].right",
            "nodes[1].data.cases[6].right",
            "nodes[1].data.cases[7].right",
            "nodes[1].data.cases[8]");
  }

  @Test
  void validation_needs_value_and_cases() {
    assertThat(paths(SWITCH.validateConfig(data("{\"cases\":[]}"), "d")))
        .containsExactly("d.value", "d.cases");
  }

  @Test
  void literal_value_that_no_case_operator_can_read_is_rejected() {
    assertThat(
            paths(
                SWITCH.validateConfig(
                    data(
                        "{\"value\":\"abc\",\"cases\":[{\"handle\":\"a\",\"operator\":\"gt\","
                            + "\"right\":1}]}"),
                    "d")))
        .containsExactly("d.value");
  }

  @Test
  void graph_validator_accepts_case_handles_and_default_and_rejects_others() {
    GraphValidator validator = new GraphValidator(StandardComponents.registry(false));
    List<Node> nodes =
        List.of(
            new Node("t", "trigger", null, data("{\"componentId\":\"manual_trigger\"}")),
            new Node(
                "s",
                "condition",
                null,
                data(
                    "{\"componentId\":\"switch_condition\",\"value\":\"{{ trigger.n }}\","
                        + CASES
                        + "}")),
            new Node(
                "a", "action", null, data("{\"componentId\":\"data_mapper\",\"mappings\":{}}")),
            new Node(
                "b", "action", null, data("{\"componentId\":\"data_mapper\",\"mappings\":{}}")),
            new Node(
                "c", "action", null, data("{\"componentId\":\"data_mapper\",\"mappings\":{}}")));
    List<ValidationError> errors =
        validator.validate(
            new Graph(
                nodes,
                List.of(
                    new Edge("e1", "t", "s", null),
                    new Edge("e2", "s", "a", "big"),
                    new Edge("e3", "s", "b", "default"),
                    new Edge("e4", "s", "c", "true"))));
    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo("invalid_handle");
              assertThat(e.path()).isEqualTo("edges[3].sourceHandle");
            });
  }
}

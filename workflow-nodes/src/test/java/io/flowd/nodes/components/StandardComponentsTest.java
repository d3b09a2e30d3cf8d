package io.flowd.nodes.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardComponentsTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(false);

  @Test
  void pure_actions_are_registered_as_pure_action_handlers() {
    for (String id : List.of("json_parser", "text_transform", "date_transform", "validate")) {
      assertThat(REGISTRY.get(id)).isInstanceOf(PureNodeHandler.class);
      assertThat(REGISTRY.get(id).type()).as(id).isEqualTo(NodeType.ACTION);
      assertThat(REGISTRY.get(id).componentId()).isEqualTo(id);
    }
  }

  @Test
  void every_condition_is_a_pure_condition_handler() {
    for (String id :
        List.of(
            "string_condition",
            "number_condition",
            "boolean_condition",
            "date_condition",
            "array_condition",
            "switch_condition",
            "logical_group")) {
      assertThat(REGISTRY.get(id)).isInstanceOf(PureNodeHandler.class);
      assertThat(REGISTRY.get(id).type()).as(id).isEqualTo(NodeType.CONDITION);
    }
  }

  @Test
  void conditions_read_the_handle_they_left_by_from_their_output_and_actions_have_none() {
    assertThat(
            REGISTRY
                .find("number_condition")
                .orElseThrow()
                .handleFromOutput(Json.parse("{\"result\": false}")))
        .isEqualTo("false");
    assertThat(
            REGISTRY
                .find("logical_group")
                .orElseThrow()
                .handleFromOutput(Json.parse("{\"result\": true}")))
        .isEqualTo("true");
    assertThat(
            REGISTRY
                .find("switch_condition")
                .orElseThrow()
                .handleFromOutput(Json.parse("{\"handle\": \"gold\"}")))
        .isEqualTo("gold");
    assertThat(
            REGISTRY
                .find("data_mapper")
                .orElseThrow()
                .handleFromOutput(Json.parse("{\"result\": true, \"handle\": \"x\"}")))
        .isNull();
  }
}

package io.flowd.nodes.components;

import static io.flowd.nodes.components.Configs.data;
import static io.flowd.nodes.components.Configs.paths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import org.junit.jupiter.api.Test;

class LogicalGroupHandlerTest {
  private static final LogicalGroupHandler GROUP = new LogicalGroupHandler();

  private static final String IS_ADULT =
      "{\"componentId\":\"number_condition\",\"left\":%s,\"operator\":\"gte\",\"right\":18}";
  private static final String IS_VIP =
      "{\"componentId\":\"string_condition\",\"left\":%s,\"operator\":\"equals\","
          + "\"right\":\"vip\"}";

  private static NodeOutcome evaluate(String json) {
    return GROUP.evaluate(data(json), null);
  }

  private static String group(String combinator, String... conditions) {
    return "{\"combinator\":\""
        + combinator
        + "\",\"conditions\":["
        + String.join(",", conditions)
        + "]}";
  }

  private static String nested(String combinator, String... conditions) {
    return group(combinator, conditions).replaceFirst("\\{", "{\"componentId\":\"logical_group\",");
  }

  @Test
  void and_holds_only_when_every_condition_holds() {
    assertThat(
            evaluate(group("and", IS_ADULT.formatted("20"), IS_VIP.formatted("\"vip\""))).handle())
        .isEqualTo("true");
    NodeOutcome outcome =
        evaluate(group("and", IS_ADULT.formatted("20"), IS_VIP.formatted("\"basic\"")));
    assertThat(outcome.handle()).isEqualTo("false");
    assertThat(outcome.output()).isEqualTo(data("{\"result\":false}"));
  }

  @Test
  void or_holds_when_any_condition_holds() {
    assertThat(
            evaluate(group("or", IS_ADULT.formatted("12"), IS_VIP.formatted("\"vip\""))).handle())
        .isEqualTo("true");
    assertThat(
            evaluate(group("or", IS_ADULT.formatted("12"), IS_VIP.formatted("\"basic\""))).handle())
        .isEqualTo("false");
  }

  @Test
  void nested_groups_combine() {
    String nested =
        group(
            "and",
            IS_ADULT.formatted("30"),
            nested("or", IS_VIP.formatted("\"basic\""), nested("and", IS_ADULT.formatted("40"))));
    assertThat(evaluate(nested).output().path("result").asBoolean()).isTrue();
  }

  @Test
  void evaluation_stops_once_the_result_is_known() {
    String guard =
        "{\"componentId\":\"number_condition\",\"left\":null,\"operator\":\"is_not_empty\"}";
    assertThat(evaluate(group("and", guard, IS_ADULT.formatted("null"))).handle())
        .isEqualTo("false");
  }

  @Test
  void a_failing_condition_fails_the_node_with_its_path() {
    String nested =
        group("and", IS_ADULT.formatted("30"), nested("or", IS_ADULT.formatted("\"x\"")));
    assertThatThrownBy(() -> evaluate(nested))
        .isInstanceOfSatisfying(
            NodeFailure.class,
            f -> {
              assertThat(f.retryable()).isFalse();
              assertThat(f.getMessage())
                  .startsWith("conditions[1].conditions[0]: ")
                  .contains("left value must be a number");
            });
  }

  @Test
  void validation_reaches_into_nested_conditions() {
    String config =
        "{\"combinator\":\"xor\",\"conditions\":["
            + "{\"componentId\":\"number_condition\",\"left\":1,\"operator\":\"gt\"},"
            + "{\"componentId\":\"switch_condition\",\"value\":1,\"cases\":[]},"
            + "{\"componentId\":\"logical_group\",\"combinator\":\"and\",\"conditions\":["
            + "{\"componentId\":\"date_condition\",\"left\":\"not a date\",\"operator\":\"before\","
            + "\"right\":\"{{ trigger.at }}\"}]},"
            + "{\"componentId\":\"logical_group\",\"combinator\":\"or\",\"conditions\":[]},"
            + "42]}";
    assertThat(paths(GROUP.validateConfig(data(config), "d")))
        .containsExactly(
            "d.combinator",
            "d.conditions[0].right",
            "d.conditions[1].componentId",
            "d.conditions[2].conditions[0].left",
            "d.conditions[3].conditions",
            "d.conditions[4]");
  }

  @Test
  void valid_group_with_templates_passes_validation() {
    String config =
        group("or", IS_ADULT.formatted("\"{{ trigger.age }}\""), IS_VIP.formatted("\"{{ a.b }}\""));
    assertThat(GROUP.validateConfig(data(config), "d")).isEmpty();
    assertThat(GROUP.outputHandles(data(config))).containsExactly("true", "false");
  }
}

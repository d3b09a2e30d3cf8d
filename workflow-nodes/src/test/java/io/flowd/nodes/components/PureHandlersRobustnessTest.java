package io.flowd.nodes.components;

import static io.flowd.nodes.components.Configs.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.template.Templates;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pure handlers run in workflow code, where an unexpected exception would stall the run instead of
 * failing the node. Every config that passes validation, with its templates resolving to any JSON
 * value at all, must therefore either succeed or throw a {@link NodeFailure}.
 */
class PureHandlersRobustnessTest {
  private static final List<JsonNode> ODD_VALUES =
      List.of(
          Json.parse("null"),
          Json.parse("true"),
          Json.parse("0"),
          Json.parse("-1.5"),
          Json.parse("123456789012345678901234567890"),
          Json.parse("1e308"),
          Json.parse("\"\""),
          Json.parse("\"  \""),
          Json.parse("\"x\""),
          Json.parse("\"2024-02-29\""),
          Json.parse("\"((a+)+\""),
          Json.parse("\"{\\\"a\\\":1}\""),
          Json.parse("\"99999999999999999999\""),
          Json.parse("[]"),
          Json.parse("[null, 1, \"a\"]"),
          Json.parse("{}"),
          Json.parse("{\"a\": {\"b\": []}}"));

  private record Case(PureNodeHandler handler, String config) {}

  private static final List<Case> CASES =
      List.of(
          new Case(new ConditionHandler("string_condition"), cond("matches")),
          new Case(new ConditionHandler("string_condition"), cond("length_gt")),
          new Case(new ConditionHandler("number_condition"), cond("gte")),
          new Case(new ConditionHandler("boolean_condition"), cond("not_equals")),
          new Case(new ConditionHandler("date_condition"), cond("after")),
          new Case(new ConditionHandler("date_condition"), cond("is_empty")),
          new Case(new ConditionHandler("array_condition"), cond("includes")),
          new Case(new ConditionHandler("array_condition"), cond("length_equals")),
          new Case(
              new SwitchConditionHandler(),
              "{\"value\":\"{{ t.a }}\",\"cases\":["
                  + "{\"handle\":\"a\",\"operator\":\"contains\",\"right\":\"{{ t.b }}\"},"
                  + "{\"handle\":\"b\",\"operator\":\"before\",\"right\":\"{{ t.b }}\"},"
                  + "{\"handle\":\"c\",\"operator\":\"length_lt\",\"right\":\"{{ t.b }}\"},"
                  + "{\"handle\":\"d\",\"operator\":\"matches\",\"right\":\"{{ t.b }}\"}]}"),
          new Case(
              new LogicalGroupHandler(),
              "{\"combinator\":\"or\",\"conditions\":[{\"componentId\":\"logical_group\","
                  + "\"combinator\":\"and\",\"conditions\":[{\"componentId\":\"number_condition\","
                  + "\"left\":\"{{ t.a }}\",\"operator\":\"lt\",\"right\":\"{{ t.b }}\"}]}]}"),
          new Case(new JsonParserHandler(), "{\"input\":\"{{ t.a }}\"}"),
          new Case(new TextTransformHandler(), "{\"template\":\"{{ t.a }}\"}"),
          new Case(
              new DateTransformHandler(),
              "{\"input\":\"{{ t.a }}\",\"operation\":\"add\",\"amount\":\"{{ t.b }}\","
                  + "\"unit\":\"{{ t.b }}\",\"timezone\":\"{{ t.b }}\",\"format\":\"{{ t.a }}\"}"),
          new Case(
              new DateTransformHandler(),
              "{\"input\":\"2026-01-01\",\"operation\":\"format\",\"format\":\"{{ t.a }}\"}"),
          new Case(
              new ValidateHandler(),
              "{\"input\":\"{{ t.a }}\",\"rules\":{\"x\":\"required|number|min:1\","
                  + "\"a.b\":\"string|email|max:2\",\"y\":\"min:0\"}}"));

  private static String cond(String operator) {
    return "{\"left\":\"{{ t.a }}\",\"operator\":\"" + operator + "\",\"right\":\"{{ t.b }}\"}";
  }

  @Test
  void configs_that_validate_only_ever_fail_with_a_node_failure() {
    List<String> unexpected = new ArrayList<>();
    int evaluated = 0;
    for (Case c : CASES) {
      ObjectNode config = data(c.config());
      assertThat(c.handler().validateConfig(config, "d")).as(c.config()).isEmpty();
      for (JsonNode a : ODD_VALUES) {
        for (JsonNode b : ODD_VALUES) {
          ObjectNode t = Json.object();
          t.set("a", a);
          t.set("b", b);
          ObjectNode rendered = (ObjectNode) Templates.render(config, root -> t);
          evaluated++;
          try {
            c.handler().evaluate(rendered, t);
          } catch (NodeFailure expected) {
            assertThat(expected.getMessage()).isNotBlank();
          } catch (RuntimeException e) {
            unexpected.add(c.handler().componentId() + " a=" + a + " b=" + b + ": " + e);
          }
        }
      }
    }
    assertThat(evaluated).isEqualTo(CASES.size() * ODD_VALUES.size() * ODD_VALUES.size());
    assertThat(unexpected).isEmpty();
  }
}

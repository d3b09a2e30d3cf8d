package io.flowd.model.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.model.template.TemplateScope;
import io.flowd.model.template.Templates;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
  private static final long NOW = 1_700_000_000_123L;

  private static final Map<String, JsonNode> ROOTS =
      Map.of(
          "trigger",
          Json.parse("{\"items\": [{\"price\": 2.5, \"qty\": 2}, {\"price\": 10, \"qty\": 1}]}"),
          "node_1",
          Json.parse("{\"body\": {\"name\": \"Ada\"}}"));

  private static final TemplateScope SCOPE = TemplateScope.at(NOW, ROOTS::get);

  private static JsonNode eval(String expression) {
    return Expressions.evaluate(expression, SCOPE);
  }

  @Test
  void an_expression_reads_the_template_roots_and_gives_json() {
    assertThat(eval("$sum(trigger.items.(price * qty))")).isEqualTo(Json.parse("15"));
    assertThat(eval("$uppercase(node_1.body.name)")).isEqualTo(Json.parse("\"ADA\""));
    assertThat(eval("{\"n\": $count(trigger.items), \"x\": missing}"))
        .isEqualTo(Json.parse("{\"n\": 2}"));
    assertThat(eval("nothing.here")).isEqualTo(Json.parse("null"));
  }

  @Test
  void a_whole_string_expression_renders_in_templates_and_plain_templates_still_work() {
    JsonNode rendered =
        Templates.render(
            Json.parse(
                "{\"total\": \"{{= $sum(trigger.items.price) }}\", \"name\": \"{{ node_1.body.name"
                    + " }}\", \"text\": \"x {{= 1 }}\"}"),
            SCOPE);
    assertThat(rendered)
        .isEqualTo(Json.parse("{\"total\": 12.5, \"name\": \"Ada\", \"text\": \"x {{= 1 }}\"}"));
  }

  @Test
  void now_and_millis_read_the_time_the_caller_gives() {
    assertThat(eval("$millis()").asLong()).isEqualTo(NOW);
    assertThat(eval("$now()").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(eval("$now('[Y0001]-[M01]-[D01]')").asText()).isEqualTo("2023-11-14");
    assertThatThrownBy(() -> Expressions.evaluate("$now()", ROOTS::get))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("no time");
  }

  @Test
  void random_shuffle_eval_and_regular_expressions_are_refused_with_their_position() {
    assertThatThrownBy(() -> Expressions.check("1 + $random()"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("$random() is not allowed")
        .extracting(e -> ((ExpressionException) e).position())
        .isEqualTo(4);
    assertThatThrownBy(() -> Expressions.check("$shuffle(trigger.items)"))
        .hasMessageContaining("$shuffle()");
    assertThatThrownBy(() -> Expressions.check("$eval('$random()')"))
        .hasMessageContaining("$eval()");
    assertThatThrownBy(() -> Expressions.check("$match(trigger.s, /(a|a)*b/)"))
        .hasMessageContaining("regular expressions");
    assertThatThrownBy(() -> eval("$random()")).hasMessageContaining("not allowed");
  }

  @Test
  void a_syntax_error_names_its_position() {
    assertThatThrownBy(() -> Expressions.check("trigger.items[price >"))
        .isInstanceOf(ExpressionException.class)
        .satisfies(e -> assertThat(((ExpressionException) e).code()).isEqualTo("syntax"))
        .satisfies(e -> assertThat(((ExpressionException) e).position()).isPositive());
  }

  @Test
  void check_names_the_roots_read_at_the_top_level_only() {
    assertThat(
            Expressions.check(
                    "$sum(node_1.items[price > limit].(price * qty)) + trigger.x ? {\"a\":"
                        + " `node-2`.y} : [node_3]")
                .roots())
        .containsExactlyInAnyOrder("node_1", "trigger", "node-2", "node_3");
  }

  @Test
  void a_runaway_expression_stops_at_the_step_bound() {
    assertThatThrownBy(() -> eval("$count([1..90000].($ * 2 + 1 + 3))"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("evaluation steps");
    assertThatThrownBy(() -> eval("$count([1..10000000])"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("more than 100000 numbers");
    assertThatThrownBy(() -> eval("$reduce([1..40], function($a, $i) { $a & $a }, 'x')"))
        .hasMessageContaining("text of more than");
    assertThatThrownBy(() -> eval("$pad('x', 1000000000)")).hasMessageContaining("$pad()");
    assertThat(eval("$pad('x', 3, '-')").asText()).isEqualTo("x--");
  }

  @Test
  void endless_recursion_stops_at_the_depth_bound() {
    assertThatThrownBy(() -> eval("($f := function($n) { 1 + $f($n + 1) }; $f(0))"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("deep");
  }

  @Test
  void an_evaluation_error_is_an_expression_exception() {
    assertThatThrownBy(() -> eval("trigger.items + 1"))
        .isInstanceOf(ExpressionException.class)
        .satisfies(e -> assertThat(((ExpressionException) e).code()).isEqualTo("evaluation"));
  }
}

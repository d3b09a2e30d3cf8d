package io.flowd.model.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

  private static final Map<String, JsonNode> ROOTS =
      Map.of(
          "node_1",
          Json.parse(
              "{\"body\": {\"items\": [{\"id\": 7, \"name\": \"a\"}, {\"id\": 8}]},"
                  + " \"ok\": true, \"ratio\": 1.5, \"nothing\": null}"),
          "trigger",
          Json.parse("{\"user_id\": \"u_1\", \"odd key\": \"odd\", \"list\": [1, 2]}"),
          "run",
          Json.parse("{\"id\": \"fl_run_abc\"}"));

  private static final TemplateScope SCOPE = ROOTS::get;

  private static JsonNode render(String json) {
    return Templates.render(Json.parse(json), SCOPE);
  }

  @Test
  void whole_value_template_takes_the_referenced_value_itself() {
    assertThat(render("\"{{ node_1.body.items[0] }}\""))
        .isEqualTo(Json.parse("{\"id\": 7, \"name\": \"a\"}"));
    assertThat(render("\"{{node_1.body.items[0].id}}\"")).isEqualTo(Json.parse("7"));
    assertThat(render("\"  {{ node_1.ok }}  \"")).isEqualTo(Json.parse("true"));
  }

  @Test
  void embedded_templates_render_as_text() {
    assertThat(render("\"user {{ trigger.user_id }} run {{ run.id }}\"").asText())
        .isEqualTo("user u_1 run fl_run_abc");
    assertThat(render("\"n={{ node_1.body.items[1].id }} r={{ node_1.ratio }}\"").asText())
        .isEqualTo("n=8 r=1.5");
  }

  @Test
  void object_embedded_in_text_is_compact_json() {
    assertThat(render("\"item: {{ node_1.body.items[0] }}\"").asText())
        .isEqualTo("item: {\"id\":7,\"name\":\"a\"}");
    assertThat(render("\"list={{ trigger.list }}\"").asText()).isEqualTo("list=[1,2]");
  }

  @Test
  void missing_path_renders_null_as_whole_value_and_text() {
    assertThat(render("\"{{ node_1.body.missing.deeper }}\"").isNull()).isTrue();
    assertThat(render("\"{{ node_9.x }}\"").isNull()).isTrue();
    assertThat(render("\"{{ node_1.body.items[5] }}\"").isNull()).isTrue();
    assertThat(render("\"{{ trigger.user_id[0] }}\"").isNull()).isTrue();
    assertThat(render("\"{{ node_1.nothing }}\"").isNull()).isTrue();
    assertThat(render("\"x={{ node_1.nope }}\"").asText()).isEqualTo("x=null");
  }

  @Test
  void bracket_quoted_keys_resolve() {
    assertThat(render("\"{{ trigger[\\\"odd key\\\"] }}\"").asText()).isEqualTo("odd");
    assertThat(render("\"{{ trigger['odd key'] }}\"").asText()).isEqualTo("odd");
  }

  @Test
  void renders_recursively_and_leaves_keys_and_non_strings_alone() {
    JsonNode out =
        render(
            "{\"{{ run.id }}\": [\"{{ run.id }}\", 3, false, null, {\"k\": \"{{ trigger.user_id"
                + " }}\"}]}");
    assertThat(out)
        .isEqualTo(
            Json.parse("{\"{{ run.id }}\": [\"fl_run_abc\", 3, false, null, {\"k\": \"u_1\"}]}"));
  }

  @Test
  void input_and_scope_are_never_mutated() {
    JsonNode input = Json.parse("{\"a\": \"{{ node_1.body }}\", \"b\": [\"{{ run.id }}\"]}");
    JsonNode before = input.deepCopy();
    JsonNode scopeBefore = ROOTS.get("node_1").deepCopy();
    JsonNode out = Templates.render(input, SCOPE);
    ((com.fasterxml.jackson.databind.node.ObjectNode) out.get("a")).put("changed", 1);
    assertThat(input).isEqualTo(before);
    assertThat(ROOTS.get("node_1")).isEqualTo(scopeBefore);
  }

  @Test
  void unclosed_or_malformed_templates_stay_literal() {
    assertThat(render("\"hello {{ run.id\"").asText()).isEqualTo("hello {{ run.id");
    assertThat(render("\"{{ 1 + 2 }}\"").asText()).isEqualTo("{{ 1 + 2 }}");
    assertThat(render("\"{{ run.id() }}\"").asText()).isEqualTo("{{ run.id() }}");
    assertThat(render("\"{{}}\"").asText()).isEqualTo("{{}}");
  }

  @Test
  void two_templates_alone_are_text_not_a_whole_value() {
    assertThat(render("\"{{ node_1.ratio }}{{ node_1.ratio }}\"").asText()).isEqualTo("1.51.5");
  }

  @Test
  void roots_lists_first_segments_in_order() {
    JsonNode value =
        Json.parse(
            "{\"a\": \"{{ trigger.x }} and {{ node_2.y }}\", \"b\": [\"{{ vault.KEY }}\","
                + " \"{{ trigger.z }}\"], \"c\": 4}");
    assertThat(Templates.roots(value)).containsExactly("trigger", "node_2", "vault");
  }

  @Test
  void is_template_and_contains_template_tell_whole_from_embedded() {
    assertThat(Templates.isTemplate(" {{ node_1.body }} ")).isTrue();
    assertThat(Templates.isTemplate("x {{ node_1.body }}")).isFalse();
    assertThat(Templates.isTemplate("plain")).isFalse();
    assertThat(Templates.containsTemplate("x {{ node_1.body }}")).isTrue();
    assertThat(Templates.containsTemplate("x {{ node_1.body")).isFalse();
    assertThat(Templates.containsTemplate(null)).isFalse();
  }
}

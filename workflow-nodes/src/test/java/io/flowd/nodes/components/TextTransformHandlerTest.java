package io.flowd.nodes.components;

import static io.flowd.nodes.components.Configs.data;
import static io.flowd.nodes.components.Configs.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.template.Templates;
import org.junit.jupiter.api.Test;

class TextTransformHandlerTest {
  private static final TextTransformHandler TEXT = new TextTransformHandler();
  private static final JsonNode TRIGGER =
      data("{\"name\":\"Ada\",\"items\":[1,2],\"nothing\":null}");

  private static String render(String template) {
    ObjectNode config = data("{}").put("template", template);
    ObjectNode rendered = (ObjectNode) Templates.render(config, root -> TRIGGER);
    return TEXT.evaluate(rendered, null).output().path("text").asText();
  }

  @Test
  void renders_templates_inside_text() {
    assertThat(render("Hello {{ trigger.name }}, you have {{ trigger.items }}"))
        .isEqualTo("Hello Ada, you have [1,2]");
  }

  @Test
  void a_lone_template_of_a_non_string_becomes_its_json_text() {
    assertThat(render("{{ trigger.items }}")).isEqualTo("[1,2]");
    assertThat(render("{{ trigger.nothing }}")).isEqualTo("null");
    assertThat(render("{{ trigger.name }}")).isEqualTo("Ada");
  }

  @Test
  void output_is_an_object_with_text() {
    assertThat(TEXT.evaluate(data("{\"template\":\"plain\"}"), null).output())
        .isEqualTo(data("{\"text\":\"plain\"}"));
  }

  @Test
  void validation_needs_a_string_template() {
    assertThat(TEXT.validateConfig(data("{\"template\":\"\"}"), "d")).isEmpty();
    assertThat(paths(TEXT.validateConfig(data("{\"template\":3}"), "d")))
        .containsExactly("d.template");
    assertThat(paths(TEXT.validateConfig(data("{}"), "d"))).containsExactly("d.template");
  }
}

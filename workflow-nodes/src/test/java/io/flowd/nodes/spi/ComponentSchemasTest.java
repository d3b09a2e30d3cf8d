package io.flowd.nodes.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.model.condition.Comparison;
import io.flowd.nodes.components.StandardComponents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentSchemasTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(false);

  private static List<ValidationError> check(String componentId, String data) {
    return REGISTRY
        .find(componentId)
        .orElseThrow()
        .validateConfig((ObjectNode) Json.parse(data), "nodes[1].data");
  }

  @Test
  void every_registered_component_has_a_schema_that_names_it_and_documents_every_field() {
    assertThat(REGISTRY.componentIds()).hasSizeGreaterThanOrEqualTo(23);
    for (String id : REGISTRY.componentIds()) {
      JsonNode schema = REGISTRY.schema(id).document();
      assertThat(schema.path("$schema").asText()).as(id).contains("draft-07");
      assertThat(schema.path("type").asText()).as(id).isEqualTo("object");
      assertThat(schema.path("description").asText()).as(id).isNotBlank();
      assertThat(texts(schema.at("/properties/componentId/enum"))).as(id).containsExactly(id);
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              field ->
                  assertThat(field.getValue().path("description").asText())
                      .as(id + "." + field.getKey())
                      .isNotBlank());
    }
  }

  /**
   * Keywords that mean the same in draft-07 (what the server checks) and JSON Schema 2020-12 (the
   * dialect of OpenAPI 3.1, in which /openapi.json serves the schemas as they are).
   */
  private static final Set<String> SHARED_KEYWORDS =
      Set.of(
          "$schema",
          "title",
          "description",
          "type",
          "enum",
          "const",
          "default",
          "properties",
          "required",
          "additionalProperties",
          "items",
          "minItems",
          "maxItems",
          "minimum",
          "maximum",
          "minLength",
          "maxLength",
          "pattern",
          "minProperties",
          "maxProperties",
          "anyOf",
          "oneOf",
          "allOf",
          "not",
          "if",
          "then",
          "else",
          "format",
          "examples");

  private static final List<String> TYPING_KEYWORDS =
      List.of("type", "enum", "const", "anyOf", "oneOf", "allOf");

  @Test
  void every_field_is_typed_with_keywords_that_mean_the_same_in_openapi_3_1() {
    List<String> offenders = new ArrayList<>();
    for (String id : REGISTRY.componentIds()) {
      keywordsAndTypes(REGISTRY.schema(id).document(), id, offenders);
    }
    keywordsAndTypes(ConfigSchema.settings().document(), "node-settings", offenders);
    assertThat(offenders)
        .as(
            "a field that takes several types has a type array, such as [\"boolean\", \"string\","
                + " \"null\"]; keywords outside "
                + SHARED_KEYWORDS)
        .isEmpty();
  }

  private static void keywordsAndTypes(JsonNode schema, String at, List<String> offenders) {
    if (!schema.isObject()) {
      return;
    }
    schema
        .fieldNames()
        .forEachRemaining(
            keyword -> {
              if (!SHARED_KEYWORDS.contains(keyword)) {
                offenders.add(at + " uses " + keyword);
              }
            });
    if (schema.path("items").isArray()) {
      offenders.add(at + " has items as an array (a tuple means prefixItems in 2020-12)");
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode property = field.getValue();
              if (TYPING_KEYWORDS.stream().noneMatch(property::has)) {
                offenders.add(at + "." + field.getKey() + " has no type");
              }
              keywordsAndTypes(property, at + "." + field.getKey(), offenders);
            });
    keywordsAndTypes(schema.path("items"), at + "[]", offenders);
    if (schema.path("additionalProperties").isObject()) {
      keywordsAndTypes(schema.path("additionalProperties"), at + ".*", offenders);
    }
    for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
      schema.path(combinator).forEach(branch -> keywordsAndTypes(branch, at, offenders));
    }
  }

  @Test
  void condition_schemas_list_exactly_the_operators_the_conditions_support() {
    for (String id : REGISTRY.componentIds()) {
      Comparison.forComponent(id)
          .ifPresent(
              comparison ->
                  assertThat(texts(REGISTRY.schema(id).document().at("/properties/operator/enum")))
                      .as(id)
                      .isEqualTo(comparison.operators()));
    }
    assertThat(
            texts(
                REGISTRY
                    .schema("switch_condition")
                    .document()
                    .at("/properties/cases/items/properties/operator/enum")))
        .isEqualTo(Comparison.dynamic().operators());
  }

  @Test
  void a_field_both_checks_report_keeps_the_handlers_message_once() {
    assertThat(check("webhook", "{\"componentId\": \"webhook\", \"url\": 5}"))
        .containsExactly(
            new ValidationError(
                "invalid_config", "nodes[1].data.url", "url must be a non-empty string"));
    assertThat(check("delay", "{\"componentId\": \"delay\"}"))
        .containsExactly(
            new ValidationError(
                "invalid_config", "nodes[1].data.duration", "duration is required"));
  }

  @Test
  void templates_and_nulls_pass_the_schema_wherever_the_handler_accepts_them() {
    assertThat(
            check(
                "delay",
                "{\"componentId\": \"delay\", \"duration\": \"{{ trigger.wait }}\", \"unit\": null}"))
        .isEmpty();
    assertThat(
            check(
                "webhook",
                "{\"componentId\": \"webhook\", \"url\": \"http://x/{{ trigger.id }}\","
                    + " \"fail_on_status\": \"{{ trigger.strict }}\", \"headers\": null}"))
        .isEmpty();
    assertThat(
            check(
                "iterator",
                "{\"componentId\": \"iterator\", \"workflow_id\": \"fl_x\","
                    + " \"items\": \"{{ trigger.items }}\"}"))
        .isEmpty();
  }

  @Test
  void a_schema_error_no_handler_check_covers_is_reported_at_the_fields_path() {
    NodeHandlerRegistry registry = new NodeHandlerRegistry(List.of(new Probe()));
    List<ValidationError> errors =
        registry
            .find("schema_probe")
            .orElseThrow()
            .validateConfig(
                (ObjectNode)
                    Json.parse(
                        "{\"componentId\": \"schema_probe\", \"size\": \"big\","
                            + " \"items\": [{\"name\": 1}]}"),
                "nodes[3].data");

    assertThat(errors)
        .extracting(ValidationError::path)
        .containsExactlyInAnyOrder(
            "nodes[3].data.items[0].name", "nodes[3].data.mode", "nodes[3].data.size");
    assertThat(errors).extracting(ValidationError::code).containsOnly("invalid_config");
    assertThat(errors)
        .filteredOn(e -> e.path().endsWith(".size"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("size: ").contains("integer"));
  }

  @Test
  void the_settings_schema_documents_every_setting() {
    JsonNode properties = ConfigSchema.settings().document().path("properties");
    assertThat(List.of("timeout_seconds", "retry", "continue_on_error", "label"))
        .allSatisfy(
            name -> assertThat(properties.path(name).path("description").asText()).isNotBlank());
  }

  @Test
  void every_handler_reaches_exactly_its_own_kind() {
    Map<String, String> kinds = new LinkedHashMap<>();
    for (String id : REGISTRY.componentIds()) {
      kinds.put(id, REGISTRY.get(id).accept(new KindName()));
    }
    assertThat(kinds)
        .containsEntry("manual_trigger", "trigger")
        .containsEntry("webhook", "activity")
        .containsEntry("delay", "timer")
        .containsEntry("data_mapper", "pure")
        .containsEntry("string_condition", "pure")
        .containsEntry("iterator", "control");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }

  private static final class KindName implements NodeHandler.Visitor<String> {
    @Override
    public String trigger(TriggerHandler handler) {
      return "trigger";
    }

    @Override
    public String pure(PureNodeHandler handler) {
      return "pure";
    }

    @Override
    public String timer(TimerNodeHandler handler) {
      return "timer";
    }

    @Override
    public String activity(ActivityNodeHandler handler) {
      return "activity";
    }

    @Override
    public String control(ControlNodeHandler handler) {
      return "control";
    }
  }

  /** A handler without checks of its own; its schema is a test resource. */
  private static final class Probe extends HandlerBase implements PureNodeHandler {
    Probe() {
      super("schema_probe", NodeType.ACTION);
    }

    @Override
    public List<ValidationError> validateConfig(ObjectNode data, String path) {
      return List.of();
    }

    @Override
    public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
      return NodeOutcome.of(config);
    }
  }
}

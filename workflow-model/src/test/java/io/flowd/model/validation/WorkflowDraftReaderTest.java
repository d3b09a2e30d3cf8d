package io.flowd.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import org.junit.jupiter.api.Test;

class WorkflowDraftReaderTest {

  private static final String NODES =
      "[{\"id\": \"node_1\", \"type\": \"trigger\", \"position\": {\"x\": 0, \"y\": 10.5},"
          + " \"data\": {\"componentId\": \"manual_trigger\"}},"
          + " {\"id\": \"node_2\", \"type\": \"action\", \"position\": null,"
          + " \"data\": {\"componentId\": \"webhook\", \"url\": \"https://x.test\"}}]";

  private static final String EDGES =
      "[{\"id\": \"edge_1_2\", \"source\": \"node_1\", \"target\": \"node_2\","
          + " \"sourceHandle\": null}]";

  private final WorkflowDraftReader reader = new WorkflowDraftReader(new TestCatalog());

  private static ObjectNode validBody() {
    return (ObjectNode)
        Json.parse(
            "{\"name\": \"User Onboarding\", \"nodes\": " + NODES + ", \"edges\": " + EDGES + "}");
  }

  private Validated<WorkflowDraft> create(JsonNode body) {
    return reader.readCreate(body);
  }

  private static WorkflowDraft existing() {
    return new WorkflowDraftReader(new TestCatalog())
        .readCreate(
            Json.parse(
                "{\"name\": \"Old\", \"description\": \"d\", \"nodes\": "
                    + NODES
                    + ", \"edges\": "
                    + EDGES
                    + ", \"schedule_type\": \"cron\", \"schedule_value\": \"0 9 * * *\","
                    + " \"schedule_timezone\": \"Europe/Berlin\", \"is_active\": false}"))
        .value();
  }

  @Test
  void valid_create_body_applies_defaults() {
    Validated<WorkflowDraft> result = create(validBody());
    assertThat(result.errors()).isEmpty();
    WorkflowDraft draft = result.value();
    assertThat(draft.name()).isEqualTo("User Onboarding");
    assertThat(draft.description()).isNull();
    assertThat(draft.graph().nodes()).hasSize(2);
    assertThat(draft.graph().nodes().get(0).position().y()).isEqualTo(10.5);
    assertThat(draft.graph().nodes().get(1).position()).isNull();
    assertThat(draft.graph().edges().get(0).sourceHandle()).isNull();
    assertThat(draft.scheduleType()).isEqualTo("manual");
    assertThat(draft.scheduleValue()).isNull();
    assertThat(draft.scheduleTimezone()).isEqualTo("UTC");
    assertThat(draft.isActive()).isTrue();
  }

  @Test
  void body_that_is_not_an_object_is_invalid_type() {
    Validated<WorkflowDraft> result = create(Json.parse("[1]"));
    assertThat(result.ok()).isFalse();
    assertThat(result.value()).isNull();
    assertThat(result.errors()).extracting(ValidationError::code).containsExactly("invalid_type");
  }

  @Test
  void create_requires_name_nodes_and_edges() {
    assertThat(create(Json.parse("{}")).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(
            tuple("required", "name"), tuple("required", "nodes"), tuple("required", "edges"));
  }

  @Test
  void name_longer_than_200_characters_is_too_long() {
    ObjectNode body = validBody().put("name", "n".repeat(201));
    assertThat(create(body).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(tuple("too_long", "name"));
    assertThat(create(validBody().put("name", "n".repeat(200))).ok()).isTrue();
  }

  @Test
  void blank_name_and_wrong_types_are_reported() {
    ObjectNode body = validBody().put("name", "  ");
    body.put("description", 5);
    body.put("is_active", "yes");
    body.put("nodes", "many");
    assertThat(create(body).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(
            tuple("invalid_value", "name"),
            tuple("invalid_type", "description"),
            tuple("invalid_type", "nodes"),
            tuple("invalid_type", "is_active"));
  }

  @Test
  void description_longer_than_2000_characters_is_too_long() {
    assertThat(create(validBody().put("description", "d".repeat(2001))).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(tuple("too_long", "description"));
  }

  @Test
  void nul_character_anywhere_is_rejected_with_its_path() {
    ObjectNode body = validBody();
    ((ObjectNode) body.get("nodes").get(1).get("data")).put("url", "https://x.test/\u0000");
    body.put("name", "a\u0000b");
    assertThat(create(body).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(
            tuple("invalid_value", "name"), tuple("invalid_value", "nodes[1].data.url"));
  }

  @Test
  void malformed_nodes_and_edges_report_each_field() {
    ObjectNode body = validBody();
    ArrayNode nodes = (ArrayNode) body.get("nodes");
    ((ObjectNode) nodes.get(0)).remove("data");
    ((ObjectNode) nodes.get(1)).put("id", 7).put("position", "left");
    nodes.add(3);
    ((ObjectNode) body.get("edges").get(0)).put("sourceHandle", true).remove("target");
    assertThat(create(body).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(
            tuple("invalid_config", "nodes[0].data"),
            tuple("invalid_type", "nodes[1].id"),
            tuple("invalid_type", "nodes[1].position"),
            tuple("invalid_type", "nodes[2]"),
            tuple("required", "edges[0].target"),
            tuple("invalid_type", "edges[0].sourceHandle"));
  }

  @Test
  void graph_rule_violations_are_added_after_shape_checks_pass() {
    ObjectNode body = validBody().put("name", "n".repeat(300));
    ((ObjectNode) body.get("edges").get(0)).put("target", "node_9");
    assertThat(create(body).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(
            tuple("too_long", "name"),
            tuple("unknown_node", "edges[0].target"),
            tuple("unreachable", "nodes[1]"));
  }

  @Test
  void too_many_nodes_is_too_large() {
    ObjectNode body = validBody();
    ArrayNode nodes = body.putArray("nodes");
    for (int i = 0; i <= GraphValidator.MAX_NODES; i++) {
      nodes.addObject().put("id", "n" + i).put("type", "action").putObject("data");
    }
    assertThat(create(body).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(tuple("too_large", "nodes"));
  }

  @Test
  void cron_schedule_is_read_and_checked() {
    ObjectNode body = validBody().put("schedule_type", "cron").put("schedule_value", "0 9 * * MON");
    body.put("schedule_timezone", "America/New_York");
    WorkflowDraft draft = create(body).value();
    assertThat(draft.scheduleValue()).isEqualTo("0 9 * * MON");
    assertThat(draft.scheduleTimezone()).isEqualTo("America/New_York");

    body.put("schedule_value", "0 25 * * *").put("schedule_timezone", "Nowhere/Land");
    assertThat(create(body).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(
            tuple("invalid_schedule", "schedule_value"),
            tuple("invalid_schedule", "schedule_timezone"));
  }

  @Test
  void interval_schedule_needs_a_value_of_at_least_ten_seconds() {
    ObjectNode body = validBody().put("schedule_type", "interval");
    assertThat(create(body).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(tuple("invalid_schedule", "schedule_value"));
    assertThat(create(body.put("schedule_value", "5 seconds")).errors()).hasSize(1);
    assertThat(create(body.put("schedule_value", "15 minutes")).ok()).isTrue();
  }

  @Test
  void unknown_schedule_type_is_invalid_schedule() {
    assertThat(create(validBody().put("schedule_type", "weekly")).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(tuple("invalid_schedule", "schedule_type"));
  }

  @Test
  void update_keeps_absent_fields_and_changes_given_ones() {
    WorkflowDraft current = existing();
    Validated<WorkflowDraft> result =
        reader.readUpdate(Json.parse("{\"name\": \"New\", \"is_active\": true}"), current);
    assertThat(result.errors()).isEmpty();
    WorkflowDraft draft = result.value();
    assertThat(draft.name()).isEqualTo("New");
    assertThat(draft.description()).isEqualTo("d");
    assertThat(draft.graph()).isEqualTo(current.graph());
    assertThat(draft.scheduleType()).isEqualTo("cron");
    assertThat(draft.scheduleValue()).isEqualTo("0 9 * * *");
    assertThat(draft.scheduleTimezone()).isEqualTo("Europe/Berlin");
    assertThat(draft.isActive()).isTrue();
  }

  @Test
  void update_to_manual_drops_the_old_schedule_value() {
    Validated<WorkflowDraft> result =
        reader.readUpdate(Json.parse("{\"schedule_type\": \"manual\"}"), existing());
    assertThat(result.errors()).isEmpty();
    assertThat(result.value().scheduleValue()).isNull();
  }

  @Test
  void update_switching_to_interval_without_a_value_is_invalid_schedule() {
    assertThat(
            reader.readUpdate(Json.parse("{\"schedule_type\": \"interval\"}"), existing()).errors())
        .extracting(ValidationError::path)
        .containsExactly("schedule_value");
  }

  @Test
  void update_with_a_new_graph_checks_it_against_the_old_edges() {
    Validated<WorkflowDraft> result =
        reader.readUpdate(
            Json.parse(
                "{\"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
                    + " \"data\": {\"componentId\": \"manual_trigger\"}}]}"),
            existing());
    assertThat(result.errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(tuple("unknown_node", "edges[0].target"));
  }

  @Test
  void update_with_null_name_is_required() {
    assertThat(reader.readUpdate(Json.parse("{\"name\": null}"), existing()).errors())
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(tuple("required", "name"));
  }

  @Test
  void reader_does_not_share_node_data_with_the_body() {
    ObjectNode body = validBody();
    WorkflowDraft draft = create(body).value();
    ((ObjectNode) body.get("nodes").get(1).get("data")).put("url", "changed");
    assertThat(draft.graph().nodes().get(1).data().get("url").asText()).isEqualTo("https://x.test");
  }
}

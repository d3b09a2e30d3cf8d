package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The condition and pure action components through the HTTP API: save-time checks and a run. */
class ComponentsApiTest {
  private static final String TOKEN = FlowdHarness.token("carol");
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static List<String> errors(JsonNode body) {
    List<String> found = new ArrayList<>();
    body.path("errors")
        .forEach(e -> found.add(e.path("code").asText() + " " + e.path("path").asText()));
    return found;
  }

  private static final String ROUTING =
      """
      {"name": "routing",
       "nodes": [
         {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "route", "type": "condition", "data": {"componentId": "switch_condition",
            "value": "{{ trigger.amount }}",
            "cases": [{"handle": "large", "operator": "gte", "right": 1000},
                      {"handle": "small", "operator": "lt", "right": 1000}]}},
         {"id": "group", "type": "condition", "data": {"componentId": "logical_group",
            "combinator": "or",
            "conditions": [
              {"componentId": "string_condition", "left": "{{ trigger.email }}",
               "operator": "ends_with", "right": "@example.org"},
              {"componentId": "logical_group", "combinator": "and", "conditions": [
                {"componentId": "date_condition", "left": "{{ trigger.at }}",
                 "operator": "after", "right": "2026-01-01"}]}]}},
         {"id": "when", "type": "action", "data": {"componentId": "date_transform",
            "input": "{{ trigger.at }}", "operation": "format", "format": "uuuu-MM-dd",
            "timezone": "Asia/Tokyo"}},
         {"id": "big", "type": "action", "data": {"componentId": "text_transform",
            "template": "large order on {{ when.result }}"}}
       ],
       "edges": [
         {"id": "e1", "source": "t", "target": "route"},
         {"id": "e2", "source": "route", "target": "group", "sourceHandle": "small"},
         {"id": "e3", "source": "route", "target": "when", "sourceHandle": "large"},
         {"id": "e4", "source": "when", "target": "big"}
       ]}
      """;

  @Test
  void a_switch_routes_a_run_and_the_logs_show_the_chosen_handle() throws Exception {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, ROUTING);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = FlowdHarness.json(created).path("id").asText();

    HttpResponse<String> started =
        flowd.request(
            "POST",
            "/workflows/" + id + "/execute",
            TOKEN,
            "{\"context\": {\"amount\": 2500, \"at\": \"2026-03-31T20:00:00Z\"}}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode run =
        flowd.awaitRun(TOKEN, FlowdHarness.json(started).path("id").asText(), "completed");

    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
    List<String> nodes = new ArrayList<>();
    run.path("logs").forEach(l -> nodes.add(l.path("node_id").asText()));
    assertThat(nodes).containsExactly("t", "route", "when", "big");
    assertThat(run.path("logs").get(1).path("output").path("handle").asText()).isEqualTo("large");
    assertThat(run.path("logs").get(3).path("output").path("text").asText())
        .isEqualTo("large order on 2026-04-01");
  }

  @Test
  void bad_component_configs_and_unknown_switch_handles_are_one_422() {
    String body =
        """
        {"name": "broken",
         "nodes": [
           {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "route", "type": "condition", "data": {"componentId": "switch_condition",
              "value": "{{ trigger.tier }}",
              "cases": [{"handle": "gold", "operator": "equals", "right": "gold"},
                        {"handle": "gold", "operator": "gt", "right": "many"}]}},
           {"id": "group", "type": "condition", "data": {"componentId": "logical_group",
              "combinator": "nand",
              "conditions": [{"componentId": "number_condition", "left": "{{ trigger.n }}",
                              "operator": "matches", "right": "x"}]}},
           {"id": "parse", "type": "action", "data": {"componentId": "json_parser",
              "input": "{not json"}},
           {"id": "rules", "type": "action", "data": {"componentId": "validate",
              "rules": {"email": "required|emial"}}},
           {"id": "when", "type": "action", "data": {"componentId": "date_transform",
              "input": "{{ trigger.at }}", "operation": "add", "amount": 1.5, "unit": "days",
              "timezone": "Moon/Base"}}
         ],
         "edges": [
           {"id": "e1", "source": "t", "target": "route"},
           {"id": "e2", "source": "route", "target": "group", "sourceHandle": "gold"},
           {"id": "e3", "source": "route", "target": "parse", "sourceHandle": "platinum"},
           {"id": "e4", "source": "route", "target": "rules", "sourceHandle": "default"},
           {"id": "e5", "source": "group", "target": "when", "sourceHandle": "true"}
         ]}
        """;

    HttpResponse<String> response = flowd.request("POST", "/workflows", TOKEN, body);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(errors(FlowdHarness.json(response)))
        .contains(
            "invalid_config nodes[1].data.cases[1].handle",
            "invalid_config nodes[1].data.cases[1].right",
            "invalid_config nodes[2].data.combinator",
            "invalid_config nodes[2].data.conditions[0].operator",
            "invalid_config nodes[3].data.input",
            "invalid_config nodes[4].data.rules.email",
            "invalid_config nodes[5].data.amount",
            "invalid_config nodes[5].data.timezone",
            "invalid_handle edges[2].sourceHandle");
    HttpResponse<String> list = flowd.request("GET", "/workflows", TOKEN, null);
    FlowdHarness.json(list)
        .path("data")
        .forEach(w -> assertThat(w.path("name").asText()).isNotEqualTo("broken"));
  }

  @Test
  void openapi_json_serves_every_registered_component_with_its_documented_config() {
    HttpResponse<String> response = flowd.request("GET", "/openapi.json", null, null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode schemas = FlowdHarness.json(response).path("components").path("schemas");
    List<String> served = new ArrayList<>();
    schemas.path("ComponentId").path("enum").forEach(id -> served.add(id.asText()));
    assertThat(served)
        .isEqualTo(io.flowd.nodes.components.StandardComponents.registry(true).componentIds());
    assertThat(schemas.path("NodeData").path("oneOf")).hasSize(served.size());
    JsonNode failOnStatus = schemas.path("NodeData.webhook").at("/properties/fail_on_status");
    assertThat(failOnStatus.path("type"))
        .isEqualTo(Json.parse("[\"boolean\", \"string\", \"null\"]"));
    assertThat(failOnStatus.path("description").asText())
        .contains("Whether a non-2xx answer fails the node");
    JsonNode mapper = schemas.path("NodeData.data_mapper");
    assertThat(mapper.at("/properties/mappings/description").asText()).contains("template");
    assertThat(schemas.path("NodeData.validate").at("/properties/rules/description").asText())
        .contains("min:N");
  }
}

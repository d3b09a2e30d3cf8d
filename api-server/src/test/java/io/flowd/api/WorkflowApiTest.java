package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of listing, updating and deleting workflows, and of the caller's records. */
class WorkflowApiTest {
  static final String MAPPER_GRAPH =
      """
      {"name": "Mapper", "description": "one mapper",
       "nodes": [
         {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "n2", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"ok": true}}}],
       "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
      """;

  static final String DELAY_GRAPH =
      """
      {"name": "Slow",
       "nodes": [
         {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "n2", "type": "action",
          "data": {"componentId": "delay", "duration": 2, "unit": "hours"}}],
       "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
      """;

  static final String WEBHOOK_NODES =
      """
      {"nodes": [
         {"id": "n1", "type": "trigger", "data": {"componentId": "webhook_trigger"}},
         {"id": "n2", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"ok": true}}}]}
      """;

  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  static String create(FlowdHarness flowd, String token, String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", token, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static JsonNode get(String token, String path) {
    HttpResponse<String> response = flowd.request("GET", path, token, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return FlowdHarness.json(response);
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("data").forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }

  private static List<String> paths(HttpResponse<String> response) {
    List<String> paths = new ArrayList<>();
    FlowdHarness.json(response).path("errors").forEach(e -> paths.add(e.path("path").asText()));
    return paths;
  }

  @Test
  void list_pages_the_tenants_workflows_newest_first_without_graph_or_runs() {
    String token = FlowdHarness.token("lister");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create(flowd, token, MAPPER_GRAPH));
    }
    create(flowd, FlowdHarness.token("someone-else"), MAPPER_GRAPH);

    JsonNode first = get(token, "/workflows?per_page=2");
    JsonNode last = get(token, "/workflows?page=3&per_page=2");

    assertThat(ids(first)).containsExactly(created.get(4), created.get(3));
    assertThat(ids(last)).containsExactly(created.get(0));
    JsonNode item = first.path("data").get(0);
    assertThat(item.has("nodes")).isFalse();
    assertThat(item.has("edges")).isFalse();
    assertThat(item.has("runs")).isFalse();
    assertThat(item.path("authorization").path("user_id").asText()).isEqualTo("lister");
    assertThat(first.path("meta").toString())
        .isEqualTo("{\"current_page\":1,\"per_page\":2,\"total\":5,\"last_page\":3}");
    assertThat(first.path("links").path("first").asText())
        .isEqualTo("/workflows?page=1&per_page=2");
    assertThat(first.path("links").path("last").asText()).isEqualTo("/workflows?page=3&per_page=2");
    assertThat(first.path("links").path("prev").isNull()).isTrue();
    assertThat(first.path("links").path("next").asText()).isEqualTo("/workflows?page=2&per_page=2");
    assertThat(last.path("links").path("next").isNull()).isTrue();
    assertThat(last.path("links").path("prev").asText()).isEqualTo("/workflows?page=2&per_page=2");
  }

  @Test
  void list_of_a_tenant_without_workflows_and_a_page_past_the_end_are_empty() {
    String token = FlowdHarness.token("nobody-yet");

    JsonNode empty = get(token, "/workflows");
    create(flowd, token, MAPPER_GRAPH);
    JsonNode pastEnd = get(token, "/workflows?page=9");

    assertThat(empty.path("data")).isEmpty();
    assertThat(empty.path("meta").path("total").asLong()).isZero();
    assertThat(empty.path("meta").path("last_page").asInt()).isEqualTo(1);
    assertThat(empty.path("meta").path("per_page").asInt()).isEqualTo(25);
    assertThat(pastEnd.path("data")).isEmpty();
    assertThat(pastEnd.path("meta").path("current_page").asInt()).isEqualTo(9);
    assertThat(pastEnd.path("links").path("prev").asText())
        .isEqualTo("/workflows?page=1&per_page=25");
  }

  @Test
  void bad_paging_parameters_are_400_naming_each_parameter() {
    String token = FlowdHarness.token("lister");

    HttpResponse<String> tooBig = flowd.request("GET", "/workflows?per_page=101", token, null);
    HttpResponse<String> both = flowd.request("GET", "/workflows?page=0&per_page=abc", token, null);

    assertThat(tooBig.statusCode()).isEqualTo(400);
    assertThat(paths(tooBig)).containsExactly("per_page");
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(paths(both)).containsExactly("page", "per_page");
    assertThat(FlowdHarness.json(both).path("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void update_changes_only_the_given_fields_and_a_name_keeps_the_version() {
    String token = FlowdHarness.token("editor");
    String id = create(flowd, token, MAPPER_GRAPH);

    HttpResponse<String> renamed =
        flowd.request("PUT", "/workflows/" + id, token, "{\"name\": \"Renamed\"}");

    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    JsonNode workflow = FlowdHarness.json(renamed);
    assertThat(workflow.path("name").asText()).isEqualTo("Renamed");
    assertThat(workflow.path("description").asText()).isEqualTo("one mapper");
    assertThat(workflow.path("version").asInt()).isEqualTo(1);
    assertThat(workflow.path("nodes")).hasSize(2);
    assertThat(get(token, "/workflows/" + id).path("name").asText()).isEqualTo("Renamed");
  }

  @Test
  void graph_change_makes_a_new_version_and_a_run_in_flight_keeps_its_own() throws Exception {
    String token = FlowdHarness.token("editor");
    String id = create(flowd, token, DELAY_GRAPH);
    String runId =
        FlowdHarness.json(flowd.request("POST", "/workflows/" + id + "/execute", token, "{}"))
            .path("id")
            .asText();
    flowd.awaitRun(token, runId, "running");

    HttpResponse<String> updated = flowd.request("PUT", "/workflows/" + id, token, MAPPER_GRAPH);
    JsonNode oldRun = get(token, "/workflows/runs/" + runId);
    JsonNode newRun =
        FlowdHarness.json(flowd.request("POST", "/workflows/" + id + "/execute", token, "{}"));

    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(FlowdHarness.json(updated).path("version").asInt()).isEqualTo(2);
    assertThat(oldRun.path("workflow_version").asInt()).isEqualTo(1);
    assertThat(oldRun.path("workflow").path("version").asInt()).isEqualTo(1);
    assertThat(
            oldRun.path("workflow").path("nodes").get(1).path("data").path("componentId").asText())
        .isEqualTo("delay");
    assertThat(newRun.path("workflow_version").asInt()).isEqualTo(2);
    assertThat(
            newRun.path("workflow").path("nodes").get(1).path("data").path("componentId").asText())
        .isEqualTo("data_mapper");
    long versions =
        flowd
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM workflow_versions WHERE workflow_id = :id")
                        .bind("id", id)
                        .mapTo(Long.class)
                        .one());
    assertThat(versions).isEqualTo(2);
  }

  @Test
  void schedule_change_makes_a_new_version() {
    String token = FlowdHarness.token("editor");
    String id = create(flowd, token, MAPPER_GRAPH);

    JsonNode updated =
        FlowdHarness.json(
            flowd.request(
                "PUT",
                "/workflows/" + id,
                token,
                "{\"schedule_type\": \"interval\", \"schedule_value\": \"15 minutes\"}"));

    assertThat(updated.path("version").asInt()).isEqualTo(2);
    assertThat(updated.path("schedule_type").asText()).isEqualTo("interval");
    assertThat(updated.path("schedule_value").asText()).isEqualTo("15 minutes");
  }

  @Test
  void invalid_update_is_422_with_every_error_and_saves_nothing() {
    String token = FlowdHarness.token("editor");
    String id = create(flowd, token, MAPPER_GRAPH);
    String body =
        """
        {"name": "",
         "edges": [{"id": "e1", "source": "n1", "target": "ghost"}],
         "schedule_type": "cron", "schedule_value": "not a cron"}
        """;

    HttpResponse<String> response = flowd.request("PUT", "/workflows/" + id, token, body);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(paths(response)).contains("name", "edges[0].target", "schedule_value");
    JsonNode unchanged = get(token, "/workflows/" + id);
    assertThat(unchanged.path("name").asText()).isEqualTo("Mapper");
    assertThat(unchanged.path("version").asInt()).isEqualTo(1);
    assertThat(unchanged.path("schedule_type").asText()).isEqualTo("manual");
  }

  @Test
  void webhook_url_appears_stays_and_disappears_with_the_webhook_trigger() {
    String token = FlowdHarness.token("editor");
    String id = create(flowd, token, MAPPER_GRAPH);

    JsonNode webhook =
        FlowdHarness.json(flowd.request("PUT", "/workflows/" + id, token, WEBHOOK_NODES));
    JsonNode renamed =
        FlowdHarness.json(flowd.request("PUT", "/workflows/" + id, token, "{\"name\": \"Hook\"}"));
    JsonNode manual =
        FlowdHarness.json(flowd.request("PUT", "/workflows/" + id, token, MAPPER_GRAPH));

    assertThat(webhook.path("webhook_url").asText())
        .matches(".*/workflows/webhooks/whsec_[A-Za-z0-9]{32}");
    assertThat(renamed.path("webhook_url").asText())
        .isEqualTo(webhook.path("webhook_url").asText());
    assertThat(manual.path("webhook_url").isNull()).isTrue();
  }

  @Test
  void update_and_delete_of_another_tenants_workflow_are_404_and_change_nothing() {
    String token = FlowdHarness.token("owner");
    String id = create(flowd, token, MAPPER_GRAPH);
    String mallory = FlowdHarness.token("mallory");

    HttpResponse<String> put =
        flowd.request("PUT", "/workflows/" + id, mallory, "{\"name\": \"Pwned\"}");
    HttpResponse<String> delete = flowd.request("DELETE", "/workflows/" + id, mallory, null);

    assertThat(put.statusCode()).isEqualTo(404);
    assertThat(delete.statusCode()).isEqualTo(404);
    assertThat(FlowdHarness.json(delete).path("type").asText()).isEqualTo("not_found_error");
    assertThat(get(token, "/workflows/" + id).path("name").asText()).isEqualTo("Mapper");
  }

  @Test
  void delete_cancels_open_runs_and_hides_the_workflow_but_keeps_its_runs_until_undelete()
      throws Exception {
    String token = FlowdHarness.token("deleter");
    String id = create(flowd, token, DELAY_GRAPH);
    JsonNode run =
        FlowdHarness.json(
            flowd.request(
                "POST",
                "/workflows/" + id + "/execute",
                token,
                "{}",
                "Idempotency-Key",
                java.util.UUID.randomUUID().toString()));
    String runId = run.path("id").asText();
    flowd.awaitRun(token, runId, "running");

    HttpResponse<String> deleted = flowd.request("DELETE", "/workflows/" + id, token, null);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertThat(flowd.request("GET", "/workflows/" + id, token, null).statusCode()).isEqualTo(404);
    assertThat(flowd.request("DELETE", "/workflows/" + id, token, null).statusCode())
        .isEqualTo(404);
    assertThat(flowd.request("POST", "/workflows/" + id + "/execute", token, "{}").statusCode())
        .isEqualTo(404);
    assertThat(get(token, "/workflows").path("data").toString()).doesNotContain(id);
    String temporalId = run.path("temporal_workflow_id").asText();
    WorkflowExecutionStatus status = null;
    for (int i = 0; i < 200; i++) {
      status = flowd.temporalStatus(temporalId);
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(status).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    flowd.awaitRun(token, runId, "cancelled");
    for (String table : List.of("workflows", "workflow_versions", "runs", "idempotency_keys")) {
      String column = table.equals("workflows") ? "id" : "workflow_id";
      long rows =
          flowd
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT count(*) FROM " + table + " WHERE " + column + " = :id")
                          .bind("id", id)
                          .mapTo(Long.class)
                          .one());
      assertThat(rows).as(table).isPositive();
    }

    HttpResponse<String> undeleted =
        flowd.request("POST", "/workflows/" + id + "/undelete", token, null);

    assertThat(undeleted.statusCode()).isEqualTo(200);
    assertThat(FlowdHarness.json(undeleted).path("id").asText()).isEqualTo(id);
    assertThat(FlowdHarness.json(undeleted).path("runs").get(0).path("id").asText())
        .isEqualTo(runId);
    assertThat(get(token, "/workflows/" + id).path("name").asText()).isEqualTo("Slow");
    assertThat(flowd.request("POST", "/workflows/" + id + "/undelete", token, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void authorization_lists_the_callers_record() {
    String token = FlowdHarness.token("carol");

    JsonNode body = get(token, "/workflows/authorization");

    assertThat(body.path("data")).hasSize(1);
    assertThat(body.path("data").get(0).path("user_id").asText()).isEqualTo("carol");
    assertThat(body.path("data").get(0).path("id").asText()).matches("auth_[0-9a-z]{16}");
  }

  @Test
  void every_authenticated_route_is_401_without_a_valid_token() {
    String id = create(flowd, FlowdHarness.token("owner"), MAPPER_GRAPH);
    String forged = FlowdHarness.token("owner").replaceAll(".$", "A") + "A";
    String[][] routes = {
      {"GET", "/workflows"},
      {"POST", "/workflows"},
      {"POST", "/workflows/validate"},
      {"GET", "/workflows/" + id},
      {"PUT", "/workflows/" + id},
      {"DELETE", "/workflows/" + id},
      {"POST", "/workflows/" + id + "/execute"},
      {"GET", "/workflows/" + id + "/executions"},
      {"GET", "/workflows/" + id + "/logs"},
      {"GET", "/workflows/" + id + "/logs/stats"},
      {"GET", "/workflows/logs/recent"},
      {"GET", "/workflows/authorization"},
      {"GET", "/workflows/runs/fl_run_0000000000000000"},
    };
    for (String[] route : routes) {
      String body = route[0].equals("POST") || route[0].equals("PUT") ? MAPPER_GRAPH : null;
      for (String token : new String[] {null, forged}) {
        HttpResponse<String> response = flowd.request(route[0], route[1], token, body);
        assertThat(response.statusCode()).as(route[0] + " " + route[1]).isEqualTo(401);
        assertThat(FlowdHarness.json(response).path("type").asText())
            .isEqualTo("authentication_error");
      }
    }
    assertThat(get(FlowdHarness.token("owner"), "/workflows/" + id).path("id").asText())
        .isEqualTo(id);
  }

  @Test
  void create_and_validate_work_per_tenant_and_another_tenant_cannot_see_the_result() {
    String token = FlowdHarness.token("tenant-a");
    String id = create(flowd, token, MAPPER_GRAPH);

    HttpResponse<String> validated =
        flowd.request("POST", "/workflows/validate", token, MAPPER_GRAPH);
    JsonNode otherList = get(FlowdHarness.token("tenant-b"), "/workflows");

    assertThat(FlowdHarness.json(validated).path("valid").asBoolean()).isTrue();
    assertThat(ids(otherList)).doesNotContain(id);
    assertThat(ids(get(token, "/workflows"))).contains(id);
  }
}

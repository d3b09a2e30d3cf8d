package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Black-box tests of a workflow's executions, its logs and their statistics, and the tenant's
 * recent logs. One workflow runs twice to completion and once into a failure whose webhook node
 * logs a warning (first attempt) and an error (last attempt).
 */
class RunListsApiTest {
  private static final String TOKEN = FlowdHarness.token("reader");

  private static FlowdHarness flowd;
  private static String workflowId;
  private static String failedRun;
  private static final List<String> completedRuns = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    String graph =
        """
        {"name": "Branchy",
         "nodes": [
           {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "n2", "type": "condition",
            "data": {"componentId": "string_condition", "left": "{{ trigger.mode }}",
                     "operator": "equals", "right": "fail"}},
           {"id": "n3", "type": "action",
            "data": {"componentId": "webhook", "method": "GET", "url": "http://127.0.0.1:%d/",
                     "retry": {"max_attempts": 2, "initial_interval_seconds": 1}}},
           {"id": "n4", "type": "action",
            "data": {"componentId": "data_mapper", "mappings": {"ok": true}}}],
         "edges": [
           {"id": "e1", "source": "n1", "target": "n2"},
           {"id": "e2", "source": "n2", "target": "n3", "sourceHandle": "true"},
           {"id": "e3", "source": "n2", "target": "n4", "sourceHandle": "false"}]}
        """
            .formatted(closedPort());
    workflowId = WorkflowApiTest.create(flowd, TOKEN, graph);
    for (String mode : List.of("ok", "fail", "ok")) {
      String runId =
          FlowdHarness.json(
                  flowd.request(
                      "POST",
                      "/workflows/" + workflowId + "/execute",
                      TOKEN,
                      "{\"context\": {\"mode\": \"" + mode + "\"}}"))
              .path("id")
              .asText();
      String expected = mode.equals("ok") ? "completed" : "failed";
      assertThat(flowd.awaitRun(TOKEN, runId, expected).path("status").asText())
          .isEqualTo(expected);
      if (mode.equals("ok")) {
        completedRuns.add(runId);
      } else {
        failedRun = runId;
      }
    }
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static JsonNode get(String path) {
    HttpResponse<String> response = flowd.request("GET", path, TOKEN, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return FlowdHarness.json(response);
  }

  private static List<String> values(JsonNode page, String field) {
    List<String> values = new ArrayList<>();
    page.path("data").forEach(item -> values.add(item.path(field).asText()));
    return values;
  }

  private static List<String> errorPaths(HttpResponse<String> response) {
    List<String> paths = new ArrayList<>();
    FlowdHarness.json(response).path("errors").forEach(e -> paths.add(e.path("path").asText()));
    return paths;
  }

  @Test
  void executions_are_paged_newest_first_without_logs_or_workflow() {
    JsonNode all = get("/workflows/" + workflowId + "/executions");
    JsonNode second = get("/workflows/" + workflowId + "/executions?per_page=1&page=2");

    assertThat(values(all, "id"))
        .containsExactly(completedRuns.get(1), failedRun, completedRuns.get(0));
    assertThat(all.path("data").get(0).has("logs")).isFalse();
    assertThat(all.path("data").get(0).has("workflow")).isFalse();
    assertThat(all.path("meta").path("total").asLong()).isEqualTo(3);
    assertThat(values(second, "id")).containsExactly(failedRun);
    assertThat(second.path("meta").path("last_page").asInt()).isEqualTo(3);
  }

  @Test
  void executions_filter_by_status_and_keep_the_filter_in_the_links() {
    JsonNode failed = get("/workflows/" + workflowId + "/executions?status=failed");
    JsonNode completed = get("/workflows/" + workflowId + "/executions?status=completed");

    assertThat(values(failed, "id")).containsExactly(failedRun);
    assertThat(failed.path("data").get(0).path("error_message").asText()).contains("n3");
    assertThat(values(completed, "status")).containsExactly("completed", "completed");
    assertThat(completed.path("links").path("first").asText())
        .isEqualTo("/workflows/" + workflowId + "/executions?status=completed&page=1&per_page=25");
  }

  @Test
  void unknown_status_is_400_invalid_query_naming_the_allowed_values() {
    HttpResponse<String> response =
        flowd.request(
            "GET",
            "/workflows/" + workflowId + "/executions?status=done&per_page=500",
            TOKEN,
            null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(FlowdHarness.json(response).path("code").asText()).isEqualTo("invalid_query");
    assertThat(errorPaths(response)).containsExactly("status", "per_page");
    assertThat(FlowdHarness.json(response).path("errors").get(0).path("message").asText())
        .contains("pending", "running", "waiting", "completed", "failed", "cancelled");
  }

  @Test
  void logs_are_paged_newest_first_and_filter_by_run_node_status_and_time() {
    String base = "/workflows/" + workflowId + "/logs";

    JsonNode all = get(base + "?per_page=100");
    JsonNode ofFailedRun = get(base + "?run_id=" + failedRun);
    JsonNode ofNode = get(base + "?node_id=n3");
    JsonNode warnings = get(base + "?status=warning");
    JsonNode future = get(base + "?since=2999-01-01T00:00:00Z");
    JsonNode past = get(base + "?since=2000-01-01T00:00:00.000001Z&per_page=1");

    assertThat(all.path("meta").path("total").asLong()).isEqualTo(10);
    assertThat(all.path("data").get(0).path("execution_id").asText())
        .isEqualTo(completedRuns.get(1));
    assertThat(all.path("data").get(9).path("execution_id").asText())
        .isEqualTo(completedRuns.get(0));
    assertThat(values(ofFailedRun, "node_id")).containsExactly("n3", "n3", "n2", "n1");
    assertThat(values(ofNode, "status")).containsExactly("error", "warning");
    assertThat(values(warnings, "attempt")).containsExactly("1");
    assertThat(future.path("data")).isEmpty();
    assertThat(past.path("meta").path("total").asLong()).isEqualTo(10);
    assertThat(past.path("links").path("next").asText()).contains("since=2000-01-01T00");
  }

  @Test
  void bad_log_filters_are_400_each_with_its_parameter() {
    HttpResponse<String> response =
        flowd.request(
            "GET",
            "/workflows/" + workflowId + "/logs?run_id=run1&status=fine&since=yesterday&page=x",
            TOKEN,
            null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorPaths(response)).containsExactly("run_id", "status", "since", "page");
  }

  @Test
  void stats_count_logs_by_status_and_runs_of_the_last_30_days() {
    JsonNode stats = get("/workflows/" + workflowId + "/logs/stats");

    assertThat(stats.toString())
        .isEqualTo(
            "{\"log_statuses\":{\"success\":8,\"error\":1,\"warning\":1},"
                + "\"recent_runs\":{\"completed\":2,\"failed\":1},"
                + "\"total_runs\":3,\"success_rate\":66.67}");
  }

  @Test
  void recent_logs_are_the_newest_of_the_tenant_and_limited() {
    JsonNode two = get("/workflows/logs/recent?limit=2");
    JsonNode fifty = get("/workflows/logs/recent");
    HttpResponse<String> tooMany =
        flowd.request("GET", "/workflows/logs/recent?limit=101", TOKEN, null);
    JsonNode stranger =
        FlowdHarness.json(
            flowd.request("GET", "/workflows/logs/recent", FlowdHarness.token("stranger"), null));

    assertThat(two.path("data")).hasSize(2);
    assertThat(two.path("data").get(0).path("execution_id").asText())
        .isEqualTo(completedRuns.get(1));
    assertThat(two.has("links")).isFalse();
    assertThat(fifty.path("data")).hasSize(10);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(errorPaths(tooMany)).containsExactly("limit");
    assertThat(stranger.path("data")).isEmpty();
  }

  @Test
  void another_tenant_gets_404_for_the_workflows_executions_logs_and_stats() {
    String mallory = FlowdHarness.token("mallory");
    for (String path :
        List.of(
            "/workflows/" + workflowId + "/executions",
            "/workflows/" + workflowId + "/logs",
            "/workflows/" + workflowId + "/logs/stats")) {
      HttpResponse<String> response = flowd.request("GET", path, mallory, null);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(FlowdHarness.json(response).path("type").asText()).isEqualTo("not_found_error");
    }
  }

  @Test
  void a_workflow_without_runs_has_empty_lists_and_zero_stats() {
    String idle = WorkflowApiTest.create(flowd, TOKEN, WorkflowApiTest.MAPPER_GRAPH);

    JsonNode executions = get("/workflows/" + idle + "/executions");
    JsonNode logs = get("/workflows/" + idle + "/logs?page=2");
    JsonNode stats = get("/workflows/" + idle + "/logs/stats");

    assertThat(executions.path("data")).isEmpty();
    assertThat(executions.path("meta").path("last_page").asInt()).isEqualTo(1);
    assertThat(logs.path("data")).isEmpty();
    assertThat(logs.path("links").path("next").isNull()).isTrue();
    assertThat(stats.toString())
        .isEqualTo(
            "{\"log_statuses\":{\"success\":0,\"error\":0,\"warning\":0},"
                + "\"recent_runs\":{\"completed\":0,\"failed\":0},"
                + "\"total_runs\":0,\"success_rate\":0.0}");
  }
}

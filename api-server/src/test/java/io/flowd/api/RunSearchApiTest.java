package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.store.RunFilter;
import io.flowd.store.RunSearchDao;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Black-box tests of {@code GET /workflows/runs}, the tenant-wide run search, and of the one rule
 * of every list route: an unknown or malformed query parameter is 400 {@code invalid_query} naming
 * it. The last test seeds 100,000 runs and prints how long pages take (no timed assertion).
 */
class RunSearchApiTest {
  private static final String TOKEN = FlowdHarness.token("searcher");
  private static final String GRAPH =
      """
      {"name": "%s",
       "nodes": [
         {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "end", "type": "action",
          "data": {"componentId": "terminate", "status": "%s", "message": "stopped on purpose"}}],
       "edges": [{"id": "e1", "source": "t", "target": "end"}]}
      """;

  private static FlowdHarness flowd;
  private static String passing;
  private static String failing;
  private static final List<String> runs = new ArrayList<>();
  private static Instant afterFirst;

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    passing = WorkflowApiTest.create(flowd, TOKEN, GRAPH.formatted("Passing", "completed"));
    failing = WorkflowApiTest.create(flowd, TOKEN, GRAPH.formatted("Failing", "failed"));
    runs.add(execute(passing, "completed"));
    afterFirst = Instant.now();
    Thread.sleep(20);
    runs.add(execute(failing, "failed"));
    HttpResponse<String> sync =
        flowd.request("POST", "/workflows/sync/" + passing, TOKEN, "{\"via\": \"sync\"}");
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
    runs.add(FlowdHarness.json(sync).path("run_id").asText());
    String stranger = FlowdHarness.token("other-tenant");
    String theirs = WorkflowApiTest.create(flowd, stranger, GRAPH.formatted("Theirs", "completed"));
    flowd.request("POST", "/workflows/" + theirs + "/execute", stranger, "{}");
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static String execute(String workflowId, String expected) throws Exception {
    HttpResponse<String> response =
        flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String runId = FlowdHarness.json(response).path("id").asText();
    assertThat(flowd.awaitRun(TOKEN, runId, expected).path("status").asText()).isEqualTo(expected);
    return runId;
  }

  private static JsonNode get(String path) {
    return get(TOKEN, path);
  }

  private static JsonNode get(String token, String path) {
    HttpResponse<String> response = flowd.request("GET", path, token, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return FlowdHarness.json(response);
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("data").forEach(run -> ids.add(run.path("id").asText()));
    return ids;
  }

  @Test
  void lists_the_tenants_runs_of_every_workflow_newest_first_without_logs_or_workflow() {
    JsonNode page = get("/workflows/runs");

    assertThat(ids(page)).containsExactly(runs.get(2), runs.get(1), runs.get(0));
    assertThat(page.path("meta").path("total").asLong()).isEqualTo(3);
    assertThat(page.path("data").get(0).has("logs")).isFalse();
    assertThat(page.path("data").get(0).has("workflow")).isFalse();
  }

  @Test
  void filters_combine_and_status_may_repeat() {
    assertThat(ids(get("/workflows/runs?status=failed"))).containsExactly(runs.get(1));
    assertThat(ids(get("/workflows/runs?status=failed&status=completed"))).hasSize(3);
    assertThat(ids(get("/workflows/runs?workflow_id=" + passing)))
        .containsExactly(runs.get(2), runs.get(0));
    assertThat(ids(get("/workflows/runs?trigger_type=api"))).containsExactly(runs.get(2));
    assertThat(ids(get("/workflows/runs?trigger_type=manual&workflow_id=" + passing)))
        .containsExactly(runs.get(0));
    assertThat(ids(get("/workflows/runs?since=" + afterFirst))).doesNotContain(runs.get(0));
    assertThat(ids(get("/workflows/runs?until=" + afterFirst))).containsExactly(runs.get(0));
    assertThat(ids(get("/workflows/runs?status=cancelled"))).isEmpty();
  }

  @Test
  void pages_link_with_the_filters_kept() {
    JsonNode first = get("/workflows/runs?status=completed&status=failed&per_page=2");

    assertThat(ids(first)).containsExactly(runs.get(2), runs.get(1));
    assertThat(first.path("meta").path("last_page").asInt()).isEqualTo(2);
    assertThat(ids(get(first.path("links").path("next").asText()))).containsExactly(runs.get(0));
  }

  @Test
  void another_tenants_runs_are_not_listed() {
    JsonNode theirs = get(FlowdHarness.token("other-tenant"), "/workflows/runs");

    assertThat(theirs.path("meta").path("total").asLong()).isEqualTo(1);
    assertThat(ids(theirs)).doesNotContainAnyElementsOf(runs);
  }

  @Test
  void bad_filter_values_are_400_invalid_query_naming_each_parameter() {
    HttpResponse<String> response =
        flowd.request(
            "GET",
            "/workflows/runs?status=done&workflow_id=wf1&trigger_type=cron&since=yesterday"
                + "&until=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00Z&per_page=0",
            TOKEN,
            null);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("code").asText()).isEqualTo("invalid_query");
    assertThat(body.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(paths(body))
        .containsExactly("status", "workflow_id", "trigger_type", "since", "until", "per_page");
    assertThat(body.path("message").asText()).contains("status", "workflow_id", "per_page");
  }

  @Test
  void until_before_since_is_refused() {
    HttpResponse<String> response =
        flowd.request(
            "GET",
            "/workflows/runs?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
            TOKEN,
            null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(paths(FlowdHarness.json(response))).containsExactly("until");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/workflows?schedule_type=cron",
        "/workflows/runs?state=failed",
        "/workflows/{wf}/executions?trigger=manual",
        "/workflows/{wf}/logs?level=error",
        "/workflows/logs/recent?status=error",
        "/workflows/vault?name=x",
        "/workflows/authorization?all=1"
      })
  void an_unknown_parameter_is_400_invalid_query_on_every_list_route(String route) {
    String path = route.replace("{wf}", passing);
    String parameter = path.substring(path.indexOf('?') + 1, path.indexOf('='));

    HttpResponse<String> response = flowd.request("GET", path, TOKEN, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("code").asText()).isEqualTo("invalid_query");
    assertThat(paths(body)).containsExactly(parameter);
    assertThat(body.path("message").asText()).contains(parameter);
  }

  @Test
  void a_single_valued_parameter_given_twice_is_refused() {
    HttpResponse<String> response = flowd.request("GET", "/workflows?page=1&page=2", TOKEN, null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(paths(FlowdHarness.json(response))).containsExactly("page");
  }

  private static List<String> paths(JsonNode body) {
    List<String> paths = new ArrayList<>();
    body.path("errors").forEach(e -> paths.add(e.path("path").asText()));
    return paths;
  }

  @Test
  void a_page_of_100000_runs_is_read_through_an_index() {
    String token = FlowdHarness.token("bulk-tenant");
    String workflowId = WorkflowApiTest.create(flowd, token, GRAPH.formatted("Bulk", "completed"));
    flowd
        .database()
        .jdbi()
        .useHandle(
            handle -> {
              handle.execute(
                  "INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, status,"
                      + " trigger_type, trigger_payload, temporal_workflow_id, created_at,"
                      + " dispatched_at)"
                      + " SELECT 'fl_run_' || lpad(to_hex(g), 16, '0'), 'bulk-tenant', ?, 1,"
                      + " CASE WHEN g % 50 = 0 THEN 'failed' WHEN g % 97 = 0 THEN 'cancelled'"
                      + " ELSE 'completed' END,"
                      + " CASE WHEN g % 20 = 0 THEN 'webhook' ELSE 'manual' END, '{}'::jsonb,"
                      + " 'bulk-' || g, now() - g * interval '1 second', now()"
                      + " FROM generate_series(1, 100000) AS g",
                  workflowId);
              handle.execute("ANALYZE runs");
            });
    List<String> routes =
        List.of(
            "/workflows/runs",
            "/workflows/runs?status=failed&status=cancelled",
            "/workflows/runs?trigger_type=webhook",
            "/workflows/runs?workflow_id=" + workflowId + "&status=failed",
            "/workflows/runs?since=2000-01-01T00:00:00Z&page=3",
            "/workflows/runs?status=completed&page=100");
    StringBuilder report =
        new StringBuilder("GET /workflows/runs with 100,000 runs (median of 5):");
    for (String route : routes) {
      long[] nanos = new long[5];
      get(token, route);
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        JsonNode page = get(token, route);
        nanos[i] = System.nanoTime() - start;
        assertThat(page.path("data")).hasSize(25);
      }
      Arrays.sort(nanos);
      report.append(String.format("%n  %6.1f ms  %s", nanos[2] / 1e6, route));
    }
    System.out.println(report);

    RunSearchDao dao = flowd.database().dao(RunSearchDao.class);
    for (RunFilter filter :
        List.of(
            new RunFilter(List.of(), null, null, null, null),
            new RunFilter(List.of("failed"), null, null, null, null),
            new RunFilter(List.of(), null, "webhook", null, null),
            new RunFilter(List.of("failed"), workflowId, null, null, null))) {
      String plan = String.join("\n", dao.explainPage("bulk-tenant", filter, 25));
      assertThat(plan).as(filter.toString()).contains("Index").doesNotContain("Seq Scan");
    }
    JsonNode all = get(token, "/workflows/runs?per_page=1");
    assertThat(all.path("meta").path("total").asLong()).isEqualTo(100_000);
    assertThat(all.path("data").get(0).path("id").asText()).isEqualTo("fl_run_0000000000000001");
  }
}

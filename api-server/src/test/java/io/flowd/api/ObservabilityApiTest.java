package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowd.engine.TemporalIds;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.converter.DefaultDataConverter;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} and what operators see of a run in Temporal, through the real service. */
class ObservabilityApiTest {
  private static final String TOKEN = FlowdHarness.token("ops-tenant");

  private static FlowdHarness flowd;
  private static HttpServer peer;

  @BeforeAll
  static void start() throws Exception {
    peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    peer.createContext(
        "/hook",
        exchange -> {
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    peer.createContext(
        "/broken",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    peer.start();
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
    peer.stop(0);
  }

  /** Creates trigger → webhook (activity) → data_mapper (workflow code) and runs it to the end. */
  private static String[] completedRun() throws Exception {
    String graph =
        """
        {"name": "Observed", "nodes": [
           {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "node_2", "type": "action",
            "data": {"componentId": "webhook", "method": "GET", "url": "http://127.0.0.1:%d/hook"}},
           {"id": "node_3", "type": "action",
            "data": {"componentId": "data_mapper", "mappings": {"done": "yes"}}}],
         "edges": [{"id": "e1", "source": "node_1", "target": "node_2"},
                   {"id": "e2", "source": "node_2", "target": "node_3"}]}
        """
            .formatted(peer.getAddress().getPort());
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, graph);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String workflowId = FlowdHarness.json(created).path("id").asText();
    HttpResponse<String> started =
        flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = FlowdHarness.json(started).path("id").asText();
    assertThat(flowd.awaitRun(TOKEN, runId, "completed").path("status").asText())
        .isEqualTo("completed");
    return new String[] {workflowId, runId};
  }

  @Test
  void metrics_show_routes_started_and_finished_runs_and_node_durations_after_a_run()
      throws Exception {
    String[] ids = completedRun();
    flowd.request("GET", "/workflows/runs/" + ids[1], TOKEN, null);

    String metrics = scrapeUntil("temporal_");

    assertThat(metrics)
        .contains(
            "flowd_http_requests_seconds_count{route=\"/workflows/{id}/execute\",status=\"202\"}")
        .contains(
            "flowd_http_requests_seconds_count{route=\"/workflows/runs/{runId}\",status=\"200\"}")
        .contains("flowd_http_requests_seconds_count{route=\"/workflows\",status=\"201\"}")
        .contains("flowd_runs_started_total{trigger_type=\"manual\"}")
        .contains("flowd_runs_finished_total{status=\"completed\"}")
        .contains("flowd_node_duration_seconds_count{component=\"webhook\",status=\"success\"}")
        .contains("flowd_node_duration_seconds_count{component=\"data_mapper\",status=\"success\"}")
        .contains("temporal_");
    assertThat(metrics).doesNotContain(ids[0]).doesNotContain(ids[1]);
  }

  @Test
  void a_failing_node_is_timed_as_warning_while_retried_and_as_error_on_its_last_attempt()
      throws Exception {
    String graph =
        """
        {"name": "Broken peer", "nodes": [
           {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "node_2", "type": "action",
            "data": {"componentId": "webhook", "method": "GET",
                     "url": "http://127.0.0.1:%d/broken",
                     "retry": {"max_attempts": 2, "initial_interval_seconds": 0}}}],
         "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
        """
            .formatted(peer.getAddress().getPort());
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, graph);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String workflowId = FlowdHarness.json(created).path("id").asText();
    String runId =
        FlowdHarness.json(
                flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}"))
            .path("id")
            .asText();
    assertThat(flowd.awaitRun(TOKEN, runId, "failed").path("status").asText()).isEqualTo("failed");

    String metrics = scrapeUntil("flowd_runs_finished_total{status=\"failed\"}");

    assertThat(metrics)
        .contains("flowd_node_duration_seconds_count{component=\"webhook\",status=\"warning\"}")
        .contains("flowd_node_duration_seconds_count{component=\"webhook\",status=\"error\"}")
        .contains("flowd_runs_finished_total{status=\"failed\"}");
  }

  @Test
  void an_unknown_path_is_counted_as_unmatched_never_by_its_raw_path() throws Exception {
    flowd.request("GET", "/no/such/path-4711", TOKEN, null);

    String metrics = scrapeUntil("route=\"unmatched\"");

    assertThat(metrics).contains("route=\"unmatched\",status=\"404\"").doesNotContain("path-4711");
  }

  @Test
  void a_runs_temporal_execution_carries_the_readable_id_the_memo_and_search_attributes()
      throws Exception {
    String[] ids = completedRun();
    String temporalId = TemporalIds.forRun("ops-tenant", ids[0], ids[1]);

    DescribeWorkflowExecutionResponse described =
        flowd
            .temporalStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(temporalId))
                    .build());

    assertThat(temporalId).isEqualTo("flowd:ops-tenant:" + ids[0] + ":" + ids[1]);
    assertThat(described.getWorkflowExecutionInfo().getExecution().getWorkflowId())
        .isEqualTo(temporalId);
    Map<String, Payload> memo = described.getWorkflowExecutionInfo().getMemo().getFieldsMap();
    assertThat(decode(memo.get("workflow_name"), String.class)).isEqualTo("Observed");
    assertThat(decode(memo.get("workflow_version"), Integer.class)).isEqualTo(1);
    assertThat(decode(memo.get("run_id"), String.class)).isEqualTo(ids[1]);
    Map<String, Payload> attributes =
        described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap();
    assertThat(decode(attributes.get("FlowdRunId"), String.class)).isEqualTo(ids[1]);
    assertThat(decode(attributes.get("FlowdTenant"), String.class)).isEqualTo("ops-tenant");
    assertThat(decode(attributes.get("FlowdTriggerType"), String.class)).isEqualTo("manual");
  }

  @Test
  void search_attributes_are_registered_once_temporal_answers_after_the_api_started()
      throws Exception {
    String token = FlowdHarness.token("late-temporal");
    try (FlowdHarness late = FlowdHarness.startWithoutTemporal()) {
      late.startTemporal();
      Thread.sleep(5_500);
      String graph =
          """
          {"name": "Late", "nodes": [
             {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}}],
           "edges": []}
          """;
      String workflowId =
          FlowdHarness.json(late.request("POST", "/workflows", token, graph)).path("id").asText();
      HttpResponse<String> started =
          late.request("POST", "/workflows/" + workflowId + "/execute", token, "{}");
      String runId = FlowdHarness.json(started).path("id").asText();
      assertThat(late.awaitRun(token, runId, "completed").path("status").asText())
          .isEqualTo("completed");

      DescribeWorkflowExecutionResponse described =
          late.temporalStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(
                          WorkflowExecution.newBuilder()
                              .setWorkflowId(
                                  TemporalIds.forRun("late-temporal", workflowId, runId)))
                      .build());

      assertThat(
              decode(
                  described
                      .getWorkflowExecutionInfo()
                      .getSearchAttributes()
                      .getIndexedFieldsMap()
                      .get("FlowdRunId"),
                  String.class))
          .isEqualTo(runId);
    }
  }

  private static <T> T decode(Payload payload, Class<T> type) {
    assertThat(payload).isNotNull();
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, type, type);
  }

  /** Scrapes until the text contains {@code needle} (SDK metrics are reported every second). */
  private static String scrapeUntil(String needle) throws InterruptedException {
    String body = "";
    for (int i = 0; i < 100 && !body.contains(needle); i++) {
      HttpResponse<String> response = flowd.request("GET", "/metrics", null, null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      body = response.body();
      if (!body.contains(needle)) {
        Thread.sleep(200);
      }
    }
    return body;
  }
}

package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of cancelling runs and resuming them from a node. */
class RunActionsApiTest {
  private static final String TOKEN = FlowdHarness.token("run-actions");
  private static final AtomicBoolean FIXED = new AtomicBoolean(false);

  private static final long HANG_MILLIS = 15_000;
  private static FlowdHarness flowd;
  private static EchoServer peer;

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    peer =
        EchoServer.start()
            .on(
                "/hang",
                (exchange, seen) -> {
                  try {
                    Thread.sleep(HANG_MILLIS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  EchoServer.send(exchange, 200, "{\"late\": true}");
                })
            .on("/one", (exchange, seen) -> EchoServer.send(exchange, 200, "{\"n\": 41}"))
            .on(
                "/three",
                (exchange, seen) -> {
                  if (FIXED.get()) {
                    EchoServer.send(exchange, 200, "{\"ok\": true}");
                  } else {
                    EchoServer.send(exchange, 500, "{\"error\": \"broken\"}");
                  }
                });
  }

  @AfterAll
  static void stop() {
    peer.close();
    flowd.close();
  }

  private static String createWorkflow(String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static String execute(FlowdHarness harness, String workflowId, String context) {
    HttpResponse<String> response =
        harness.request(
            "POST",
            "/workflows/" + workflowId + "/execute",
            TOKEN,
            "{\"context\": " + context + "}");
    assertThat(response.statusCode()).isEqualTo(202);
    return FlowdHarness.json(response).path("id").asText();
  }

  private static final String DELAY_WORKFLOW =
      "{\"name\": \"Wait an hour\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
          + " \"data\": {\"componentId\": \"manual_trigger\"}}, {\"id\": \"node_2\", \"type\":"
          + " \"action\", \"data\": {\"componentId\": \"delay\", \"duration\": 1, \"unit\":"
          + " \"hours\"}}], \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\":"
          + " \"node_2\"}]}";

  @Test
  void a_run_waiting_in_a_one_hour_delay_is_cancelled_and_a_second_cancel_is_409()
      throws Exception {
    String runId = execute(flowd, createWorkflow(DELAY_WORKFLOW), "{}");
    assertThat(flowd.awaitRun(TOKEN, runId, "running").path("status").asText())
        .isEqualTo("running");

    HttpResponse<String> cancel =
        flowd.request("POST", "/workflows/runs/" + runId + "/cancel", TOKEN, null);

    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
    assertThat(FlowdHarness.json(cancel).path("id").asText()).isEqualTo(runId);
    JsonNode run = flowd.awaitRun(TOKEN, runId, "cancelled");
    assertThat(run.path("status").asText()).isEqualTo("cancelled");
    assertThat(run.path("completed_at").isNull()).isFalse();
    HttpResponse<String> again =
        flowd.request("POST", "/workflows/runs/" + runId + "/cancel", TOKEN, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(FlowdHarness.json(again).path("type").asText()).isEqualTo("conflict_error");
  }

  @Test
  void a_webhook_in_flight_is_cancelled_through_heartbeats_and_never_logs_its_late_answer()
      throws Exception {
    String runId =
        execute(
            flowd,
            createWorkflow(
                "{\"name\": \"Slow peer\", \"nodes\": [{\"id\": \"node_1\", \"type\":"
                    + " \"trigger\", \"data\": {\"componentId\": \"manual_trigger\"}}, {\"id\":"
                    + " \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                    + " \"webhook\", \"url\": \""
                    + peer.url("/hang")
                    + "\", \"timeout_seconds\": 60}}], \"edges\": [{\"id\": \"e1\", \"source\":"
                    + " \"node_1\", \"target\": \"node_2\"}]}"),
            "{}");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (peer.hits("/hang") == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(peer.hits("/hang")).isEqualTo(1);

    HttpResponse<String> cancel =
        flowd.request("POST", "/workflows/runs/" + runId + "/cancel", TOKEN, null);

    assertThat(cancel.statusCode()).isEqualTo(202);
    assertThat(flowd.awaitRun(TOKEN, runId, "cancelled").path("status").asText())
        .isEqualTo("cancelled");
    Thread.sleep(HANG_MILLIS + 3_000);
    JsonNode run = FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + runId, TOKEN, null));
    assertThat(run.path("status").asText()).isEqualTo("cancelled");
    assertThat(run.path("logs").findValuesAsText("node_id")).containsExactly("node_1");
  }

  @Test
  void a_pending_run_never_dispatched_is_cancelled_in_postgres_and_never_started()
      throws Exception {
    try (FlowdHarness offline = FlowdHarness.startWithoutTemporal()) {
      String workflowId =
          FlowdHarness.json(offline.request("POST", "/workflows", TOKEN, DELAY_WORKFLOW))
              .path("id")
              .asText();
      String runId = execute(offline, workflowId, "{}");

      HttpResponse<String> cancel =
          offline.request("POST", "/workflows/runs/" + runId + "/cancel", TOKEN, null);

      assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
      JsonNode run = FlowdHarness.json(cancel);
      assertThat(run.path("status").asText()).isEqualTo("cancelled");
      offline.startTemporal();
      Thread.sleep(3_000);
      JsonNode later =
          FlowdHarness.json(offline.request("GET", "/workflows/runs/" + runId, TOKEN, null));
      assertThat(later.path("status").asText()).isEqualTo("cancelled");
      assertThat(later.path("logs")).isEmpty();
      assertThatThrownBy(
              () ->
                  offline
                      .temporalClient()
                      .fetchHistory(later.path("temporal_workflow_id").asText()))
          .isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void a_run_failing_at_node_3_resumes_there_without_rerunning_nodes_1_and_2() throws Exception {
    String workflowId =
        createWorkflow(
            "{\"name\": \"Four steps\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
                + " \"data\": {\"componentId\": \"manual_trigger\"}}, {\"id\": \"node_2\","
                + " \"type\": \"action\", \"data\": {\"componentId\": \"webhook\", \"url\": \""
                + peer.url("/one")
                + "\"}}, {\"id\": \"node_3\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"webhook\", \"url\": \""
                + peer.url("/three")
                + "\", \"retry\": {\"max_attempts\": 1}}}, {\"id\": \"node_4\", \"type\":"
                + " \"action\", \"data\": {\"componentId\": \"data_mapper\", \"mappings\":"
                + " {\"n\": \"{{ node_2.body.n }}\", \"ok\": \"{{ node_3.body.ok }}\", \"who\":"
                + " \"{{ trigger.who }}\"}}}], \"edges\": [{\"id\": \"e1\", \"source\":"
                + " \"node_1\", \"target\": \"node_2\"}, {\"id\": \"e2\", \"source\": \"node_2\","
                + " \"target\": \"node_3\"}, {\"id\": \"e3\", \"source\": \"node_3\", \"target\":"
                + " \"node_4\"}]}");
    String failedId = execute(flowd, workflowId, "{\"who\": \"Ada\"}");
    JsonNode failed = flowd.awaitRun(TOKEN, failedId, "failed");
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(peer.hits("/one")).isEqualTo(1);
    assertThat(failed.path("logs").findValues("handle"))
        .as("plain nodes and a run-failing error leave by no handle")
        .hasSize(failed.path("logs").size())
        .allMatch(JsonNode::isNull);
    HttpResponse<String> tooFar =
        flowd.request("POST", "/workflows/runs/" + failedId + "/resume-from/node_4", TOKEN, null);
    assertThat(tooFar.statusCode()).isEqualTo(409);
    assertThat(FlowdHarness.json(tooFar).path("message").asText()).contains("node_3");
    assertThat(
            flowd
                .request("POST", "/workflows/runs/" + failedId + "/resume-from/node_9", TOKEN, null)
                .statusCode())
        .isEqualTo(404);
    FIXED.set(true);

    HttpResponse<String> resumed =
        flowd.request("POST", "/workflows/runs/" + failedId + "/resume-from/node_3", TOKEN, null);

    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
    JsonNode body = FlowdHarness.json(resumed);
    assertThat(body.path("message").asText()).contains(failedId);
    JsonNode newRun = body.path("new_run");
    assertThat(newRun.path("trigger_type").asText()).isEqualTo("resume");
    assertThat(newRun.path("resumed_from_run_id").asText()).isEqualTo(failedId);
    assertThat(newRun.path("trigger_payload")).isEqualTo(Json.parse("{\"who\": \"Ada\"}"));
    JsonNode done = flowd.awaitRun(TOKEN, newRun.path("id").asText(), "completed");
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("logs").findValuesAsText("node_id")).containsExactly("node_3", "node_4");
    assertThat(done.path("logs").get(1).path("output"))
        .isEqualTo(Json.parse("{\"n\": 41, \"ok\": true, \"who\": \"Ada\"}"));
    assertThat(peer.hits("/one")).isEqualTo(1);
    assertThat(peer.hits("/three")).isEqualTo(2);
  }

  @Test
  void an_open_run_cannot_be_resumed() throws Exception {
    String runId = execute(flowd, createWorkflow(DELAY_WORKFLOW), "{}");

    HttpResponse<String> response =
        flowd.request("POST", "/workflows/runs/" + runId + "/resume-from/node_2", TOKEN, null);

    assertThat(response.statusCode()).isEqualTo(409);
    flowd.request("POST", "/workflows/runs/" + runId + "/cancel", TOKEN, null);
  }
}

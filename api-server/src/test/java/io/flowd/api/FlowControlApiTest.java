package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Black-box tests of the flow-control fields (validation, answers), run timeouts, failure workflows
 * and re-runs.
 */
class FlowControlApiTest {
  private static final String TOKEN = FlowdHarness.token("flow-control");
  private static final String OTHER = FlowdHarness.token("flow-control-other");
  private static final AtomicBoolean FIXED = new AtomicBoolean(false);

  private static FlowdHarness flowd;
  private static EchoServer peer;

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    peer =
        EchoServer.start()
            .on("/fail", (exchange, seen) -> EchoServer.send(exchange, 500, "{\"no\": 1}"))
            .on(
                "/flaky",
                (exchange, seen) -> {
                  if (FIXED.get()) {
                    EchoServer.send(exchange, 200, "{\"ok\": true}");
                  } else {
                    EchoServer.send(exchange, 500, "{\"broken\": true}");
                  }
                });
  }

  @AfterAll
  static void stop() {
    peer.close();
    flowd.close();
  }

  private static final String TRIGGER =
      "{\"id\": \"node_1\", \"type\": \"trigger\", \"data\": {\"componentId\":"
          + " \"manual_trigger\"}}";

  private static String workflow(String extra, String action) {
    return "{\"name\": \"Flow control\""
        + extra
        + ", \"nodes\": ["
        + TRIGGER
        + ", {\"id\": \"node_2\", \"type\": \"action\", \"data\": "
        + action
        + "}], \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}]}";
  }

  private static String webhook(String path) {
    return "{\"componentId\": \"webhook\", \"method\": \"GET\", \"url\": \""
        + peer.url(path)
        + "\", \"retry\": {\"max_attempts\": 1}}";
  }

  private static final String MAPPER =
      "{\"componentId\": \"data_mapper\", \"mappings\": {\"seen\": \"{{ trigger.run_id }}\"}}";

  private static final String HOUR =
      "{\"componentId\": \"delay\", \"duration\": 1, \"unit\": \"hours\"}";

  private static String create(String token, String body) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", token, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static JsonNode execute(String workflowId, String context) {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/" + workflowId + "/execute",
            TOKEN,
            "{\"context\": " + context + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return FlowdHarness.json(response);
  }

  private static List<JsonNode> runs(String workflowId) {
    List<JsonNode> runs = new ArrayList<>();
    FlowdHarness.json(
            flowd.request(
                "GET", "/workflows/" + workflowId + "/executions?per_page=100", TOKEN, null))
        .path("data")
        .forEach(runs::add);
    return runs;
  }

  private static List<JsonNode> awaitRuns(String workflowId, int count, String status)
      throws InterruptedException {
    List<JsonNode> runs = runs(workflowId);
    for (int i = 0; i < 200; i++) {
      if (runs.size() >= count
          && runs.stream().allMatch(r -> status.equals(r.path("status").asText()))) {
        return runs;
      }
      Thread.sleep(100);
      runs = runs(workflowId);
    }
    return runs;
  }

  private static long workflowCount() {
    return FlowdHarness.json(flowd.request("GET", "/workflows", TOKEN, null))
        .path("meta")
        .path("total")
        .asLong();
  }

  private static List<String> errorPaths(HttpResponse<String> response) {
    List<String> paths = new ArrayList<>();
    FlowdHarness.json(response).path("errors").forEach(e -> paths.add(e.path("path").asText()));
    return paths;
  }

  @Test
  void unset_flow_control_fields_are_null_in_every_workflow_answer() {
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, workflow("", MAPPER));
    String id = FlowdHarness.json(created).path("id").asText();
    JsonNode one = FlowdHarness.json(flowd.request("GET", "/workflows/" + id, TOKEN, null));
    JsonNode listed =
        FlowdHarness.json(flowd.request("GET", "/workflows?per_page=100", TOKEN, null))
            .path("data");
    JsonNode run = execute(id, "{}").path("workflow");
    for (JsonNode w : List.of(FlowdHarness.json(created), one, listed.get(0), run)) {
      for (String field : List.of("timeout_seconds", "concurrency", "on_failure")) {
        assertThat(w.has(field)).as(field).isTrue();
        assertThat(w.path(field).isNull()).as(field).isTrue();
      }
    }
  }

  @Test
  void set_flow_control_fields_are_answered_and_a_change_writes_a_new_version() {
    String target = create(TOKEN, workflow("", MAPPER));
    String id =
        create(
            TOKEN,
            workflow(
                ", \"timeout_seconds\": 60, \"concurrency\": {\"limit\": 3, \"key\": \"{{"
                    + " trigger.user }}\"}, \"on_failure\": {\"workflow_id\": \""
                    + target
                    + "\"}",
                MAPPER));
    JsonNode w = FlowdHarness.json(flowd.request("GET", "/workflows/" + id, TOKEN, null));
    assertThat(w.path("timeout_seconds").asInt()).isEqualTo(60);
    assertThat(w.path("concurrency").path("limit").asInt()).isEqualTo(3);
    assertThat(w.path("concurrency").path("key").asText()).isEqualTo("{{ trigger.user }}");
    assertThat(w.path("concurrency").path("on_limit").asText()).isEqualTo("queue");
    assertThat(w.path("on_failure").path("workflow_id").asText()).isEqualTo(target);

    HttpResponse<String> updated =
        flowd.request("PUT", "/workflows/" + id, TOKEN, "{\"timeout_seconds\": null}");
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    JsonNode after = FlowdHarness.json(updated);
    assertThat(after.path("version").asInt()).isEqualTo(2);
    assertThat(after.path("timeout_seconds").isNull()).isTrue();
    assertThat(after.path("concurrency").path("limit").asInt()).isEqualTo(3);
  }

  @Test
  void every_bad_flow_control_field_is_422_with_its_path_and_nothing_is_saved() {
    String foreign = create(OTHER, workflow("", MAPPER));
    long before = workflowCount();
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            workflow(
                ", \"timeout_seconds\": 0, \"concurrency\": {\"limit\": 0, \"key\": \"{{"
                    + " node_2.id }}\", \"on_limit\": \"drop\"}, \"on_failure\":"
                    + " {\"workflow_id\": \""
                    + foreign
                    + "\"}",
                MAPPER));
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(errorPaths(response))
        .contains(
            "timeout_seconds",
            "concurrency.limit",
            "concurrency.key",
            "concurrency.on_limit",
            "on_failure.workflow_id");
    assertThat(workflowCount()).isEqualTo(before);

    HttpResponse<String> missing =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            workflow(
                ", \"timeout_seconds\": 31536001, \"on_failure\": {\"workflow_id\":"
                    + " \"fl_0000000000000000\"}",
                MAPPER));
    assertThat(missing.statusCode()).isEqualTo(422);
    assertThat(errorPaths(missing)).contains("timeout_seconds", "on_failure.workflow_id");
    assertThat(workflowCount()).isEqualTo(before);

    String id = create(TOKEN, workflow("", MAPPER));
    HttpResponse<String> update =
        flowd.request("PUT", "/workflows/" + id, TOKEN, "{\"concurrency\": {\"key\": \"x\"}}");
    assertThat(update.statusCode()).isEqualTo(422);
    assertThat(errorPaths(update)).containsExactly("concurrency.limit");
    JsonNode validated =
        FlowdHarness.json(
            flowd.request(
                "POST",
                "/workflows/validate",
                TOKEN,
                workflow(", \"concurrency\": {\"limit\": 2, \"key\": \"{{ run.id }}\"}", MAPPER)));
    assertThat(validated.path("valid").asBoolean()).isFalse();
    assertThat(validated.path("errors").get(0).path("path").asText()).isEqualTo("concurrency.key");
  }

  @Test
  void a_run_past_its_timeout_fails_with_the_timeout_message() throws Exception {
    String id = create(TOKEN, workflow(", \"timeout_seconds\": 1", HOUR));
    String runId = execute(id, "{}").path("id").asText();
    JsonNode run = flowd.awaitRun(TOKEN, runId, "failed");
    assertThat(run.path("status").asText()).isEqualTo("failed");
    assertThat(run.path("error_message").asText()).isEqualTo("run timed out after 1 s");
  }

  @Test
  void each_failed_run_starts_exactly_one_failure_run_and_a_failure_run_failing_starts_nothing()
      throws Exception {
    String failing = create(TOKEN, workflow("", webhook("/fail")));
    String handler =
        create(
            TOKEN,
            workflow(", \"on_failure\": {\"workflow_id\": \"" + failing + "\"}", webhook("/fail")));
    HttpResponse<String> linked =
        flowd.request(
            "PUT",
            "/workflows/" + failing,
            TOKEN,
            "{\"on_failure\": {\"workflow_id\": \"" + handler + "\"}}");
    assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);

    String failedRun = execute(failing, "{\"a\": 1}").path("id").asText();
    assertThat(flowd.awaitRun(TOKEN, failedRun, "failed").path("status").asText())
        .isEqualTo("failed");
    List<JsonNode> handled = awaitRuns(handler, 1, "failed");
    assertThat(handled).hasSize(1);
    JsonNode failureRun = handled.get(0);
    assertThat(failureRun.path("trigger_type").asText()).isEqualTo("failure");
    JsonNode payload = failureRun.path("trigger_payload");
    assertThat(payload.path("run_id").asText()).isEqualTo(failedRun);
    assertThat(payload.path("workflow_id").asText()).isEqualTo(failing);
    assertThat(payload.path("workflow_name").asText()).isEqualTo("Flow control");
    assertThat(payload.path("node_id").asText()).isEqualTo("node_2");
    assertThat(payload.path("error_message").asText()).contains("node_2");

    Thread.sleep(1500);
    assertThat(runs(handler)).hasSize(1);
    assertThat(runs(failing)).hasSize(1);
  }

  @Test
  void a_timed_out_run_starts_its_failure_run() throws Exception {
    String handler = create(TOKEN, workflow("", MAPPER));
    String id =
        create(
            TOKEN,
            workflow(
                ", \"timeout_seconds\": 1, \"on_failure\": {\"workflow_id\": \"" + handler + "\"}",
                HOUR));
    String runId = execute(id, "{}").path("id").asText();
    flowd.awaitRun(TOKEN, runId, "failed");
    List<JsonNode> handled = awaitRuns(handler, 1, "completed");
    assertThat(handled).hasSize(1);
    assertThat(handled.get(0).path("trigger_payload").path("error_message").asText())
        .isEqualTo("run timed out after 1 s");
  }

  @Test
  void rerun_starts_a_new_run_from_the_trigger_with_the_same_payload_in_either_version()
      throws Exception {
    String id = create(TOKEN, workflow("", webhook("/fail")));
    String old = execute(id, "{\"order\": 7}").path("id").asText();
    flowd.awaitRun(TOKEN, old, "failed");

    HttpResponse<String> rerun =
        flowd.request("POST", "/workflows/runs/" + old + "/rerun", TOKEN, null);
    assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(202);
    JsonNode newRun = FlowdHarness.json(rerun).path("new_run");
    assertThat(newRun.path("trigger_type").asText()).isEqualTo("rerun");
    assertThat(newRun.path("resumed_from_run_id").asText()).isEqualTo(old);
    assertThat(newRun.path("trigger_payload").path("order").asInt()).isEqualTo(7);
    assertThat(FlowdHarness.json(rerun).path("message").asText()).contains(old);

    flowd.request(
        "PUT",
        "/workflows/" + id,
        TOKEN,
        workflow("", MAPPER).replace("{\"name\": \"Flow control\", ", "{"));
    HttpResponse<String> latest =
        flowd.request("POST", "/workflows/runs/" + old + "/rerun?version=latest", TOKEN, null);
    assertThat(latest.statusCode()).as(latest.body()).isEqualTo(202);
    String latestRun = FlowdHarness.json(latest).path("new_run").path("id").asText();
    JsonNode done = flowd.awaitRun(TOKEN, latestRun, "completed");
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("workflow_version").asInt()).isEqualTo(2);

    HttpResponse<String> bad =
        flowd.request("POST", "/workflows/runs/" + old + "/rerun?version=newest", TOKEN, null);
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void a_resumed_run_resumes_again_from_the_same_node_and_latest_needs_the_node() throws Exception {
    FIXED.set(false);
    String body =
        "{\"name\": \"Three\", \"nodes\": ["
            + TRIGGER
            + ", {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
            + " \"data_mapper\", \"mappings\": {\"n\": 41}}}, {\"id\": \"node_3\", \"type\":"
            + " \"action\", \"data\": "
            + webhook("/flaky")
            + "}], \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"},"
            + " {\"id\": \"e2\", \"source\": \"node_2\", \"target\": \"node_3\"}]}";
    String id = create(TOKEN, body);
    String first = execute(id, "{}").path("id").asText();
    flowd.awaitRun(TOKEN, first, "failed");

    HttpResponse<String> resumed =
        flowd.request("POST", "/workflows/runs/" + first + "/resume-from/node_3", TOKEN, null);
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
    String second = FlowdHarness.json(resumed).path("new_run").path("id").asText();
    flowd.awaitRun(TOKEN, second, "failed");

    FIXED.set(true);
    HttpResponse<String> again =
        flowd.request("POST", "/workflows/runs/" + second + "/resume-from/node_3", TOKEN, null);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
    String third = FlowdHarness.json(again).path("new_run").path("id").asText();
    assertThat(flowd.awaitRun(TOKEN, third, "completed").path("status").asText())
        .isEqualTo("completed");

    flowd.request(
        "PUT", "/workflows/" + id, TOKEN, "{\"nodes\": [" + TRIGGER + "], \"edges\": []}");
    HttpResponse<String> gone =
        flowd.request(
            "POST",
            "/workflows/runs/" + second + "/resume-from/node_3?version=latest",
            TOKEN,
            null);
    assertThat(gone.statusCode()).as(gone.body()).isEqualTo(409);
  }

  @Test
  void bulk_cancel_and_bulk_rerun_act_on_the_workflows_runs_with_those_statuses() throws Exception {
    String id = create(TOKEN, workflow("", HOUR));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(execute(id, "{\"i\": " + i + "}").path("id").asText());
    }
    for (String runId : ids) {
      flowd.awaitRun(TOKEN, runId, "running");
    }
    HttpResponse<String> cancel =
        flowd.request(
            "POST",
            "/workflows/" + id + "/runs/cancel",
            TOKEN,
            "{\"status\": [\"running\", \"pending\", \"queued\"]}");
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
    assertThat(FlowdHarness.json(cancel).path("runs").asInt()).isEqualTo(3);
    for (String runId : ids) {
      assertThat(flowd.awaitRun(TOKEN, runId, "cancelled").path("status").asText())
          .isEqualTo("cancelled");
    }

    HttpResponse<String> rerun =
        flowd.request(
            "POST",
            "/workflows/" + id + "/runs/rerun",
            TOKEN,
            "{\"status\": \"cancelled\", \"since\": \"2020-01-01T00:00:00Z\"}");
    assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(202);
    assertThat(FlowdHarness.json(rerun).path("runs").asInt()).isEqualTo(3);
    List<JsonNode> all = runs(id);
    assertThat(all.stream().filter(r -> "rerun".equals(r.path("trigger_type").asText())))
        .hasSize(3);
    HttpResponse<String> again =
        flowd.request(
            "POST",
            "/workflows/" + id + "/runs/cancel",
            TOKEN,
            "{\"status\": [\"running\",\"pending\"]}");
    assertThat(FlowdHarness.json(again).path("runs").asInt()).isEqualTo(3);

    HttpResponse<String> bad =
        flowd.request(
            "POST", "/workflows/" + id + "/runs/cancel", TOKEN, "{\"status\": [\"completed\"]}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(errorPaths(bad)).containsExactly("status[0]");
  }
}

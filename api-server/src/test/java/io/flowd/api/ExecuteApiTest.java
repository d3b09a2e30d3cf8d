package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of creating workflows and executing them over real HTTP. */
class ExecuteApiTest {
  private static final String SEED_GRAPH =
      """
      {"name": "Greeting", "description": "seed",
       "nodes": [
         {"id": "node_1", "type": "trigger", "position": {"x": 0, "y": 0},
          "data": {"componentId": "manual_trigger"}},
         {"id": "node_2", "type": "condition", "position": null,
          "data": {"componentId": "string_condition", "left": "{{ trigger.user }}",
                   "operator": "is_not_empty"}},
         {"id": "node_3", "type": "action",
          "data": {"componentId": "data_mapper",
                   "mappings": {"greeting": "Hello {{ trigger.user }}", "run": "{{ run.id }}"}}}
       ],
       "edges": [
         {"id": "e1", "source": "node_1", "target": "node_2"},
         {"id": "e2", "source": "node_2", "target": "node_3", "sourceHandle": "true"}
       ]}
      """;

  private static FlowdHarness flowd;
  private static final String TOKEN = FlowdHarness.token("alice");

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static String createWorkflow(String token) {
    HttpResponse<String> created = flowd.request("POST", "/workflows", token, SEED_GRAPH);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static HttpResponse<String> execute(String workflowId, String body, String key) {
    return key == null
        ? flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, body)
        : flowd.request(
            "POST", "/workflows/" + workflowId + "/execute", TOKEN, body, "Idempotency-Key", key);
  }

  @Test
  void execute_answers_202_with_the_whole_run_and_the_run_completes() throws Exception {
    String workflowId = createWorkflow(TOKEN);

    HttpResponse<String> response =
        execute(workflowId, "{\"context\": {\"user\": \"Ada\"}}", UUID.randomUUID().toString());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode run = FlowdHarness.json(response);
    assertThat(run.path("id").asText()).matches("fl_run_[0-9a-z]{16}");
    assertThat(run.path("status").asText()).isIn("pending", "running");
    assertThat(run.path("trigger_type").asText()).isEqualTo("manual");
    assertThat(run.path("trigger_payload")).isEqualTo(Json.parse("{\"user\":\"Ada\"}"));
    assertThat(run.path("workflow_version").asInt()).isEqualTo(1);
    assertThat(run.path("temporal_workflow_id").asText())
        .isEqualTo("flowd:alice:" + workflowId + ":" + run.path("id").asText());
    assertThat(run.path("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    for (String field :
        List.of(
            "error_message",
            "started_at",
            "completed_at",
            "duration_in_seconds",
            "resumed_from_run_id",
            "workflow",
            "logs")) {
      assertThat(run.has(field)).as(field).isTrue();
    }
    assertThat(run.path("workflow").path("id").asText()).isEqualTo(workflowId);
    assertThat(run.path("workflow").path("nodes")).hasSize(3);

    JsonNode done = flowd.awaitRun(TOKEN, run.path("id").asText(), "completed");

    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("started_at").isTextual()).isTrue();
    assertThat(done.path("duration_in_seconds").isNumber()).isTrue();
    List<String> logged = new ArrayList<>();
    done.path("logs").forEach(log -> logged.add(log.path("node_id").asText()));
    assertThat(logged).containsExactly("node_1", "node_2", "node_3");
    JsonNode last = done.path("logs").get(2);
    assertThat(last.path("output").path("greeting").asText()).isEqualTo("Hello Ada");
    assertThat(last.path("status").asText()).isEqualTo("success");
    assertThat(last.path("id").asText()).matches("fl_log_[0-9a-z]{16}");
  }

  @Test
  void duplicate_idempotency_key_returns_original_run() {
    String workflowId = createWorkflow(TOKEN);
    String key = UUID.randomUUID().toString();
    String body = "{\"context\": {\"user\": \"Bo\"}}";

    JsonNode first = FlowdHarness.json(execute(workflowId, body, key));
    HttpResponse<String> again = execute(workflowId, body, key);

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    JsonNode replayed = FlowdHarness.json(again);
    assertThat(replayed.path("id")).isEqualTo(first.path("id"));
    assertThat(replayed.path("created_at")).isEqualTo(first.path("created_at"));
    assertThat(replayed.path("trigger_payload")).isEqualTo(first.path("trigger_payload"));
    assertThat(first.has("Idempotent-Replayed")).isFalse();
  }

  @Test
  void same_key_with_another_body_or_workflow_is_422() {
    String workflowId = createWorkflow(TOKEN);
    String other = createWorkflow(TOKEN);
    String key = UUID.randomUUID().toString();
    assertThat(execute(workflowId, "{\"context\": {\"a\": 1}}", key).statusCode()).isEqualTo(202);

    HttpResponse<String> otherBody = execute(workflowId, "{\"context\": {\"a\": 2}}", key);
    HttpResponse<String> otherWorkflow = execute(other, "{\"context\": {\"a\": 1}}", key);

    assertThat(otherBody.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(otherBody).path("code").asText())
        .isEqualTo("idempotency_key_mismatch");
    assertThat(otherWorkflow.statusCode()).isEqualTo(422);
  }

  @Test
  void key_older_than_24_hours_starts_a_new_run() {
    String workflowId = createWorkflow(TOKEN);
    String key = UUID.randomUUID().toString();
    String first = FlowdHarness.json(execute(workflowId, "{}", key)).path("id").asText();
    flowd
        .database()
        .dao(io.flowd.store.IdempotencyKeyDao.class)
        .age("alice", UUID.fromString(key), 25);

    HttpResponse<String> later = execute(workflowId, "{}", key);

    assertThat(later.statusCode()).isEqualTo(202);
    assertThat(later.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(FlowdHarness.json(later).path("id").asText()).isNotEqualTo(first);
    HttpResponse<String> replay = execute(workflowId, "{}", key);
    assertThat(FlowdHarness.json(replay).path("id")).isEqualTo(FlowdHarness.json(later).path("id"));
  }

  @Test
  void non_uuid_idempotency_key_is_400() {
    String workflowId = createWorkflow(TOKEN);

    HttpResponse<String> response = execute(workflowId, "{}", "not-a-uuid");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = FlowdHarness.json(response);
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_idempotency_key");
  }

  @Test
  void fifty_concurrent_requests_with_one_key_start_exactly_one_run() throws Exception {
    String workflowId = createWorkflow(TOKEN);
    String key = UUID.randomUUID().toString();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(pool.submit(() -> execute(workflowId, "{\"context\": {\"n\": 1}}", key)));
    }
    List<String> ids = new ArrayList<>();
    for (Future<HttpResponse<String>> future : futures) {
      HttpResponse<String> response = future.get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      ids.add(FlowdHarness.json(response).path("id").asText());
    }
    pool.shutdown();

    assertThat(ids).hasSize(50).containsOnly(ids.get(0));
    long runRows = flowd.runCount(workflowId);
    assertThat(runRows).isEqualTo(1);
    assertThat(flowd.awaitRun(TOKEN, ids.get(0), "completed").path("status").asText())
        .isEqualTo("completed");
  }

  @Test
  void execute_without_key_starts_a_new_run_each_time() {
    String workflowId = createWorkflow(TOKEN);

    String first = FlowdHarness.json(execute(workflowId, "{}", null)).path("id").asText();
    String second = FlowdHarness.json(execute(workflowId, "{}", null)).path("id").asText();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void missing_forged_expired_and_alg_none_tokens_are_401() {
    String workflowId = createWorkflow(TOKEN);
    String path = "/workflows/" + workflowId;
    String forged = TOKEN.substring(0, TOKEN.lastIndexOf('.') + 1) + "AAAA";
    String expired =
        io.flowd.api.auth.JwtAuthenticator.issueToken(
            FlowdHarness.SECRET, "alice", null, null, java.time.Duration.ofSeconds(-60));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String none =
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())
            + "."
            + b64.encodeToString("{\"sub\":\"alice\",\"exp\":4102444800}".getBytes())
            + ".";

    for (String token : new String[] {null, forged, expired, none}) {
      HttpResponse<String> response = flowd.request("GET", path, token, null);
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(FlowdHarness.json(response).path("type").asText())
          .isEqualTo("authentication_error");
    }
  }

  @Test
  void another_tenants_workflow_and_run_are_404() {
    String workflowId = createWorkflow(TOKEN);
    String runId = FlowdHarness.json(execute(workflowId, "{}", null)).path("id").asText();
    String mallory = FlowdHarness.token("mallory");

    HttpResponse<String> workflow = flowd.request("GET", "/workflows/" + workflowId, mallory, null);
    HttpResponse<String> run = flowd.request("GET", "/workflows/runs/" + runId, mallory, null);
    HttpResponse<String> exec =
        flowd.request("POST", "/workflows/" + workflowId + "/execute", mallory, "{}");

    assertThat(workflow.statusCode()).isEqualTo(404);
    assertThat(run.statusCode()).isEqualTo(404);
    assertThat(exec.statusCode()).isEqualTo(404);
    assertThat(FlowdHarness.json(workflow).path("type").asText()).isEqualTo("not_found_error");
  }

  @Test
  void get_workflow_shows_the_callers_authorization_and_latest_runs() {
    String workflowId = createWorkflow(TOKEN);
    execute(workflowId, "{}", null);

    JsonNode workflow =
        FlowdHarness.json(flowd.request("GET", "/workflows/" + workflowId, TOKEN, null));

    assertThat(workflow.path("authorization").path("user_id").asText()).isEqualTo("alice");
    assertThat(workflow.path("authorization").path("id").asText()).startsWith("auth_");
    assertThat(workflow.path("runs")).hasSize(1);
    assertThat(workflow.path("version").asInt()).isEqualTo(1);
    assertThat(workflow.path("schedule_type").asText()).isEqualTo("manual");
  }
}

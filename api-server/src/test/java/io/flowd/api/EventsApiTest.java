package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of wait_for_event and {@code POST /workflows/events}. */
class EventsApiTest {
  private static final String TOKEN = FlowdHarness.token("event-owner");
  private static final String OTHER = FlowdHarness.token("event-stranger");
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static String createWaiting(String token) {
    HttpResponse<String> created =
        flowd.request(
            "POST",
            "/workflows",
            token,
            """
            {"name": "Waits for payment",
             "nodes": [
               {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "paid", "type": "action",
                "data": {"componentId": "wait_for_event", "key": "payment-{{ trigger.order }}"}},
               {"id": "done", "type": "action",
                "data": {"componentId": "data_mapper", "mappings": {"amount": "{{ paid.amount }}"}}}
             ],
             "edges": [{"id": "e1", "source": "node_1", "target": "paid"},
                       {"id": "e2", "source": "paid", "target": "done"}]}
            """);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  private static String execute(String token, String workflowId, int order) throws Exception {
    HttpResponse<String> run =
        flowd.request(
            "POST",
            "/workflows/" + workflowId + "/execute",
            token,
            "{\"context\": {\"order\": " + order + "}}");
    assertThat(run.statusCode()).isEqualTo(202);
    String runId = FlowdHarness.json(run).path("id").asText();
    assertThat(flowd.awaitRun(token, runId, "waiting").path("status").asText())
        .isEqualTo("waiting");
    return runId;
  }

  private static HttpResponse<String> send(String token, String body, String... headers) {
    return flowd.request("POST", "/workflows/events", token, body, headers);
  }

  @Test
  void an_event_reaches_every_run_of_the_tenant_waiting_on_its_key_and_no_other() throws Exception {
    String workflowId = createWaiting(TOKEN);
    String first = execute(TOKEN, workflowId, 41);
    String second = execute(TOKEN, workflowId, 41);
    String otherKey = execute(TOKEN, workflowId, 42);
    String strangers = execute(OTHER, createWaiting(OTHER), 41);

    HttpResponse<String> sent =
        send(TOKEN, "{\"key\": \"payment-41\", \"payload\": {\"amount\": 12.5}}");

    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    assertThat(FlowdHarness.json(sent).path("delivered").asInt()).isEqualTo(2);
    for (String runId : List.of(first, second)) {
      JsonNode run = flowd.awaitRun(TOKEN, runId, "completed");
      assertThat(run.path("status").asText()).isEqualTo("completed");
      List<String> outputs = new ArrayList<>();
      run.path("logs").forEach(l -> outputs.add(l.path("node_id").asText() + l.path("output")));
      assertThat(outputs).contains("paid{\"amount\":12.5}", "done{\"amount\":12.5}");
    }
    assertThat(
            FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + otherKey, TOKEN, null))
                .path("status")
                .asText())
        .isEqualTo("waiting");
    assertThat(
            FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + strangers, OTHER, null))
                .path("status")
                .asText())
        .isEqualTo("waiting");
  }

  @Test
  void an_event_nobody_waits_for_delivers_zero_and_a_run_that_waits_later_does_not_get_it()
      throws Exception {
    String workflowId = createWaiting(TOKEN);
    HttpResponse<String> early = send(TOKEN, "{\"key\": \"payment-50\", \"payload\": 1}");
    String late = execute(TOKEN, workflowId, 50);

    assertThat(early.statusCode()).isEqualTo(202);
    assertThat(FlowdHarness.json(early).path("delivered").asInt()).isZero();
    assertThat(
            FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + late, TOKEN, null))
                .path("status")
                .asText())
        .isEqualTo("waiting");
  }

  @Test
  void a_repeat_with_the_same_idempotency_key_delivers_nothing_twice() throws Exception {
    String workflowId = createWaiting(TOKEN);
    String waiting = execute(TOKEN, workflowId, 60);
    String key = UUID.randomUUID().toString();
    String body = "{\"key\": \"payment-60\", \"payload\": {\"amount\": 1}}";

    HttpResponse<String> first = send(TOKEN, body, "Idempotency-Key", key);
    flowd.awaitRun(TOKEN, waiting, "completed");
    String laterWaiter = execute(TOKEN, workflowId, 60);
    HttpResponse<String> repeat = send(TOKEN, body, "Idempotency-Key", key);
    HttpResponse<String> mismatch =
        send(TOKEN, "{\"key\": \"payment-60\", \"payload\": 2}", "Idempotency-Key", key);

    assertThat(FlowdHarness.json(first).path("delivered").asInt()).isEqualTo(1);
    assertThat(repeat.statusCode()).isEqualTo(202);
    assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(FlowdHarness.json(repeat).path("delivered").asInt()).isEqualTo(1);
    assertThat(mismatch.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(mismatch).path("code").asText())
        .isEqualTo("idempotency_key_mismatch");
    assertThat(
            FlowdHarness.json(flowd.request("GET", "/workflows/runs/" + laterWaiter, TOKEN, null))
                .path("status")
                .asText())
        .isEqualTo("waiting");
    JsonNode done = flowd.awaitRun(TOKEN, waiting, "completed");
    long paidLogs = 0;
    for (JsonNode log : done.path("logs")) {
      paidLogs += "paid".equals(log.path("node_id").asText()) ? 1 : 0;
    }
    assertThat(paidLogs).isEqualTo(1);
  }

  @Test
  void bad_events_and_bad_wait_for_event_configs_are_422() {
    HttpResponse<String> noKey = send(TOKEN, "{\"payload\": 1}");
    HttpResponse<String> badKey = send(TOKEN, "{\"key\": \"" + "k".repeat(501) + "\"}");
    HttpResponse<String> vaultKey =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            """
            {"name": "Leaky",
             "nodes": [
               {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
               {"id": "w", "type": "action",
                "data": {"componentId": "wait_for_event", "key": "k-{{ vault.API_KEY }}",
                         "wait_seconds": 0}}
             ],
             "edges": [{"id": "e1", "source": "node_1", "target": "w"}]}
            """);

    assertThat(noKey.statusCode()).isEqualTo(422);
    assertThat(badKey.statusCode()).isEqualTo(422);
    assertThat(vaultKey.statusCode()).isEqualTo(422);
    List<String> paths = new ArrayList<>();
    FlowdHarness.json(vaultKey).path("errors").forEach(e -> paths.add(e.path("path").asText()));
    assertThat(paths).contains("nodes[1].data.key", "nodes[1].data.wait_seconds");
  }
}

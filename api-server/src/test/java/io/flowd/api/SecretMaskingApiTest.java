package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secret case: a {@code webhook} node sends {@code Authorization: Bearer {{ vault.TOKEN
 * }}} to a peer that echoes it back. The peer sees the secret; the run, its logs, test-node and the
 * Temporal history hold only {@code ***}.
 */
class SecretMaskingApiTest {
  private static final String SECRET = "tok-4f9c2b7e1d-very-secret";
  private static final String TOKEN = FlowdHarness.token("secret-keeper");

  private static FlowdHarness flowd;
  private static EchoServer peer;

  @BeforeAll
  static void start() throws Exception {
    flowd = FlowdHarness.start();
    peer =
        EchoServer.start()
            .on(
                "/echo",
                (exchange, seen) ->
                    EchoServer.send(
                        exchange,
                        200,
                        Json.write(Json.object().put("you_sent", seen.authorization()))));
    peer.on(
        "/forms",
        (exchange, seen) ->
            EchoServer.send(
                exchange,
                200,
                Json.write(Json.object().put("forms", forms(seen.authorization())))));
    peer.on(
        "/cut",
        (exchange, seen) -> EchoServer.send(exchange, 400, "x".repeat(190) + seen.authorization()));
    HttpResponse<String> created =
        flowd.request(
            "POST",
            "/workflows/vault",
            TOKEN,
            "{\"name\": \"TOKEN\", \"secret\": \"" + SECRET + "\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<String> odd =
        flowd.request(
            "POST",
            "/workflows/vault",
            TOKEN,
            Json.write(Json.object().put("name", "ODD").put("secret", ODD_SECRET)));
    assertThat(odd.statusCode()).as(odd.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    peer.close();
    flowd.close();
  }

  static String webhookNode(String id, String url) {
    return "{\"id\": \""
        + id
        + "\", \"type\": \"action\", \"data\": {\"componentId\": \"webhook\", \"method\": \"POST\","
        + " \"url\": \""
        + url
        + "\", \"headers\": [{\"key\": \"Authorization\", \"value\": \"Bearer {{ vault.TOKEN }}\"}],"
        + " \"retry\": {\"max_attempts\": 1}}}";
  }

  @Test
  void the_peer_sees_the_secret_while_run_logs_and_history_hold_only_the_mask() throws Exception {
    String workflow =
        "{\"name\": \"Secret call\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
            + " \"data\": {\"componentId\": \"manual_trigger\"}}, "
            + webhookNode("node_2", peer.url("/echo"))
            + "], \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}]}";
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, workflow);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String workflowId = FlowdHarness.json(created).path("id").asText();

    HttpResponse<String> started =
        flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}");
    String runId = FlowdHarness.json(started).path("id").asText();
    JsonNode run = flowd.awaitRun(TOKEN, runId, "completed");

    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(peer.requests)
        .extracting(EchoServer.Seen::authorization)
        .contains("Bearer " + SECRET);
    String runJson = flowd.request("GET", "/workflows/runs/" + runId, TOKEN, null).body();
    assertThat(runJson).doesNotContain(SECRET).contains("Bearer ***");
    JsonNode log = run.path("logs").get(1);
    assertThat(log.path("output").path("body").path("you_sent").asText()).isEqualTo("Bearer ***");
    String history = historyText(run.path("temporal_workflow_id").asText());
    assertThat(history).contains("Bearer ***").doesNotContain(SECRET);
  }

  private static final String ODD_SECRET = "q\"uo\\te sp+ace/=?&k3y-0123456789";

  /** Every encoded form of {@code secret}, as a peer might echo it back. */
  static java.util.List<String> encodings(String secret) {
    byte[] bytes = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String plus = java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
    String escaped = Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(secret));
    return java.util.List.of(
        escaped.substring(1, escaped.length() - 1),
        plus,
        plus.replace("+", "%20"),
        java.util.Base64.getEncoder().encodeToString(bytes),
        java.util.Base64.getEncoder().withoutPadding().encodeToString(bytes),
        java.util.Base64.getUrlEncoder().encodeToString(bytes),
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  private static String forms(String secret) {
    return secret + " | " + String.join(" | ", encodings(secret));
  }

  private static String oddNode(String id, String url) {
    return Json.write(
        Json.object()
            .put("id", id)
            .put("type", "action")
            .set(
                "data",
                Json.parse(
                    "{\"componentId\": \"webhook\", \"url\": \""
                        + url
                        + "\", \"headers\": [{\"key\": \"Authorization\", \"value\": \"{{"
                        + " vault.ODD }}\"}], \"retry\": {\"max_attempts\": 1}}")));
  }

  private static JsonNode runOf(String node, String status) throws Exception {
    String workflow =
        "{\"name\": \"Forms\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
            + " \"data\": {\"componentId\": \"manual_trigger\"}}, "
            + node
            + "], \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}]}";
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, workflow);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String workflowId = FlowdHarness.json(created).path("id").asText();
    String runId =
        FlowdHarness.json(
                flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}"))
            .path("id")
            .asText();
    return flowd.awaitRun(TOKEN, runId, status);
  }

  private static void assertHoldsNoForm(String text) {
    assertThat(text).doesNotContain(ODD_SECRET);
    for (String form : encodings(ODD_SECRET)) {
      assertThat(text).as(form).doesNotContain(form);
    }
  }

  @Test
  void every_encoded_form_a_peer_echoes_is_masked_in_the_run_its_logs_and_the_history()
      throws Exception {
    JsonNode run = runOf(oddNode("node_2", peer.url("/forms")), "completed");

    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(peer.requests).extracting(EchoServer.Seen::authorization).contains(ODD_SECRET);
    String runJson =
        flowd.request("GET", "/workflows/runs/" + run.path("id").asText(), TOKEN, null).body();
    assertHoldsNoForm(runJson);
    assertThat(run.path("logs").get(1).path("output").path("body").path("forms").asText())
        .isEqualTo("*** | *** | *** | *** | *** | *** | *** | ***");
    assertHoldsNoForm(historyText(run.path("temporal_workflow_id").asText()));
  }

  @Test
  void an_error_snippet_is_masked_before_it_is_cut_in_a_run_and_in_test_node() throws Exception {
    JsonNode run = runOf(oddNode("node_2", peer.url("/cut")), "failed");

    String prefix = ODD_SECRET.substring(0, 8);
    assertThat(run.path("error_message").asText()).contains("***").doesNotContain(prefix);
    assertThat(
            flowd.request("GET", "/workflows/runs/" + run.path("id").asText(), TOKEN, null).body())
        .doesNotContain(prefix);
    assertThat(historyText(run.path("temporal_workflow_id").asText())).doesNotContain(prefix);

    HttpResponse<String> tested =
        flowd.request(
            "POST",
            "/workflows/test-node",
            TOKEN,
            "{\"node\": " + oddNode("node_2", peer.url("/cut")) + "}");
    assertThat(tested.statusCode()).isEqualTo(200);
    assertThat(tested.body()).doesNotContain(prefix).contains("***");
  }

  @Test
  void test_node_masks_every_encoded_form() {
    HttpResponse<String> tested =
        flowd.request(
            "POST",
            "/workflows/test-node",
            TOKEN,
            "{\"node\": " + oddNode("node_2", peer.url("/forms")) + "}");

    assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
    assertHoldsNoForm(tested.body());
    assertThat(FlowdHarness.json(tested).path("output").path("body").path("forms").asText())
        .isEqualTo("*** | *** | *** | *** | *** | *** | *** | ***");
  }

  /** Returns the execution's history as JSON followed by every payload, base64-decoded. */
  static String historyText(String temporalWorkflowId) {
    String json = flowd.temporalClient().fetchHistory(temporalWorkflowId).toJson(false);
    StringBuilder text = new StringBuilder(json);
    for (JsonNode data : Json.parse(json).findValues("data")) {
      if (data.isTextual()) {
        try {
          text.append('\n')
              .append(
                  new String(
                      java.util.Base64.getDecoder().decode(data.textValue()),
                      java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
          text.append('\n').append(data.textValue());
        }
      }
    }
    return text.toString();
  }

  @Test
  void test_node_sends_the_secret_but_answers_only_the_mask() {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/test-node",
            TOKEN,
            "{\"node\": " + webhookNode("node_2", peer.url("/echo")) + "}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("status").asText()).isEqualTo("success");
    assertThat(body.path("output").path("body").path("you_sent").asText()).isEqualTo("Bearer ***");
    assertThat(response.body()).doesNotContain(SECRET);
    assertThat(peer.requests.get(peer.requests.size() - 1).authorization())
        .isEqualTo("Bearer " + SECRET);
  }

  private static JsonNode runWithHeader(String name, String headerValue) throws Exception {
    String workflow =
        "{\"name\": \""
            + name
            + "\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
            + " \"data\": {\"componentId\": \"manual_trigger\"}}, {\"id\": \"node_2\", \"type\":"
            + " \"action\", \"data\": {\"componentId\": \"webhook\", \"url\": \""
            + peer.url("/echo")
            + "\", \"headers\": [{\"key\": \"X\", \"value\": \""
            + headerValue
            + "\"}]}}], \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\":"
            + " \"node_2\"}]}";
    String workflowId =
        FlowdHarness.json(flowd.request("POST", "/workflows", TOKEN, workflow)).path("id").asText();
    String runId =
        FlowdHarness.json(
                flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}"))
            .path("id")
            .asText();
    return flowd.awaitRun(TOKEN, runId, "failed");
  }

  @Test
  void expired_and_deleted_secrets_fail_the_node_once_naming_the_secret() throws Exception {
    flowd.request(
        "POST",
        "/workflows/vault",
        TOKEN,
        "{\"name\": \"OLD_TOKEN\", \"secret\": \"old-value-123\","
            + " \"expires_at\": \"2020-01-01T00:00:00Z\"}");
    String deletedId =
        FlowdHarness.json(
                flowd.request(
                    "POST",
                    "/workflows/vault",
                    TOKEN,
                    "{\"name\": \"GONE_TOKEN\", \"secret\": \"gone-value-456\"}"))
            .path("id")
            .asText();
    flowd.request("DELETE", "/workflows/vault/" + deletedId, TOKEN, null);
    long before = peer.hits("/echo");

    JsonNode expired = runWithHeader("Expired", "{{ vault.OLD_TOKEN }}");
    JsonNode deleted = runWithHeader("Deleted", "{{ vault.GONE_TOKEN }}");

    assertThat(expired.path("status").asText()).isEqualTo("failed");
    assertThat(expired.path("error_message").asText()).contains("OLD_TOKEN").contains("expired");
    assertThat(expired.path("logs").findValuesAsText("status")).containsExactly("success", "error");
    assertThat(deleted.path("status").asText()).isEqualTo("failed");
    assertThat(deleted.path("error_message").asText()).contains("GONE_TOKEN");
    assertThat(deleted.path("logs").findValuesAsText("status")).containsExactly("success", "error");
    assertThat(peer.hits("/echo")).isEqualTo(before);
  }

  @Test
  void an_unknown_secret_fails_the_node_once_with_a_message_naming_it() throws Exception {
    String workflow =
        "{\"name\": \"Missing secret\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
            + " \"data\": {\"componentId\": \"manual_trigger\"}}, {\"id\": \"node_2\", \"type\":"
            + " \"action\", \"data\": {\"componentId\": \"webhook\", \"url\": \""
            + peer.url("/echo")
            + "\", \"headers\": [{\"key\": \"X\", \"value\": \"{{ vault.NOPE_GONE }}\"}]}}],"
            + " \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}]}";
    String workflowId =
        FlowdHarness.json(flowd.request("POST", "/workflows", TOKEN, workflow)).path("id").asText();
    long before = peer.hits("/echo");

    String runId =
        FlowdHarness.json(
                flowd.request("POST", "/workflows/" + workflowId + "/execute", TOKEN, "{}"))
            .path("id")
            .asText();
    JsonNode run = flowd.awaitRun(TOKEN, runId, "failed");

    assertThat(run.path("status").asText()).isEqualTo("failed");
    assertThat(run.path("error_message").asText()).contains("NOPE_GONE");
    assertThat(run.path("logs").findValuesAsText("status")).containsExactly("success", "error");
    assertThat(peer.hits("/echo")).isEqualTo(before);
  }
}

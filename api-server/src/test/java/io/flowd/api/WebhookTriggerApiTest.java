package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of {@code POST /workflows/webhooks/{token}}. */
class WebhookTriggerApiTest {
  private static final String TOKEN = FlowdHarness.token("webhook-owner");
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static JsonNode createWebhookWorkflow(boolean active) {
    String body =
        """
        {"name": "Inbound", "is_active": %s,
         "nodes": [
           {"id": "node_1", "type": "trigger", "data": {"componentId": "webhook_trigger"}},
           {"id": "node_2", "type": "action",
            "data": {"componentId": "data_mapper",
                     "mappings": {"order": "{{ node_1.body.order_id }}"}}}
         ],
         "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
        """
            .formatted(active);
    HttpResponse<String> created = flowd.request("POST", "/workflows", TOKEN, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created);
  }

  private static String hookPath(JsonNode workflow) {
    String url = workflow.path("webhook_url").asText();
    return url.substring(url.indexOf("/workflows/webhooks/"));
  }

  @Test
  void webhook_call_starts_a_run_whose_trigger_output_is_the_posted_body_headers_and_query()
      throws Exception {
    JsonNode workflow = createWebhookWorkflow(true);
    assertThat(workflow.path("webhook_url").asText())
        .matches(".*/workflows/webhooks/whsec_[A-Za-z0-9]{32}");

    HttpResponse<String> response =
        flowd.request(
            "POST",
            hookPath(workflow) + "?source=shop&tag=a&tag=b",
            null,
            "{\"order_id\": 42}",
            "X-Shop-Event",
            "order.created",
            "Cookie",
            "session=secret");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode accepted = FlowdHarness.json(response);
    assertThat(accepted.properties()).hasSize(2);
    String runId = accepted.path("run_id").asText();
    assertThat(runId).matches("fl_run_[0-9a-z]{16}");
    assertThat(accepted.path("status").asText()).isIn("pending", "running", "completed");

    JsonNode run = flowd.awaitRun(TOKEN, runId, "completed");
    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(run.path("trigger_type").asText()).isEqualTo("webhook");
    JsonNode triggerOutput = run.path("logs").get(0).path("output");
    assertThat(triggerOutput.path("body")).isEqualTo(Json.parse("{\"order_id\": 42}"));
    assertThat(triggerOutput.path("query"))
        .isEqualTo(Json.parse("{\"source\": \"shop\", \"tag\": [\"a\", \"b\"]}"));
    assertThat(triggerOutput.path("headers").path("x-shop-event").asText())
        .isEqualTo("order.created");
    assertThat(triggerOutput.path("headers").path("content-type").asText())
        .isEqualTo("application/json");
    assertThat(triggerOutput.path("headers").has("cookie")).isFalse();
    assertThat(run.path("trigger_payload")).isEqualTo(triggerOutput);
    assertThat(run.path("logs").get(1).path("output").path("order").asInt()).isEqualTo(42);
  }

  @Test
  void form_body_arrives_parsed_and_authorization_is_not_passed_on() throws Exception {
    JsonNode workflow = createWebhookWorkflow(true);

    HttpResponse<String> response =
        flowd.request(
            "POST",
            hookPath(workflow),
            TOKEN,
            "a=1&b=2",
            "Content-Type",
            "application/x-www-form-urlencoded");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode run =
        flowd.awaitRun(TOKEN, FlowdHarness.json(response).path("run_id").asText(), "completed");
    assertThat(run.path("trigger_payload").path("body"))
        .isEqualTo(Json.parse("{\"a\": \"1\", \"b\": \"2\"}"));
    assertThat(run.path("trigger_payload").path("raw_body").asText()).isEqualTo("a=1&b=2");
    assertThat(run.path("trigger_payload").path("headers").has("authorization")).isFalse();
  }

  @Test
  void replayed_idempotency_key_returns_the_same_run_id() {
    JsonNode workflow = createWebhookWorkflow(true);
    String key = UUID.randomUUID().toString();

    HttpResponse<String> first =
        flowd.request(
            "POST", hookPath(workflow), null, "{\"order_id\": 1}", "Idempotency-Key", key);
    HttpResponse<String> again =
        flowd.request(
            "POST", hookPath(workflow), null, "{\"order_id\": 1}", "Idempotency-Key", key);
    HttpResponse<String> otherBody =
        flowd.request(
            "POST", hookPath(workflow), null, "{\"order_id\": 2}", "Idempotency-Key", key);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(FlowdHarness.json(again).path("run_id"))
        .isEqualTo(FlowdHarness.json(first).path("run_id"));
    assertThat(otherBody.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(otherBody).path("code").asText())
        .isEqualTo("idempotency_key_mismatch");
  }

  @Test
  void wrong_or_malformed_token_is_404() {
    createWebhookWorkflow(true);

    HttpResponse<String> wrong =
        flowd.request(
            "POST", "/workflows/webhooks/whsec_" + "A".repeat(32), null, "{\"order_id\": 1}");
    HttpResponse<String> malformed =
        flowd.request("POST", "/workflows/webhooks/not-a-token", null, "{}");

    assertThat(wrong.statusCode()).isEqualTo(404);
    assertThat(FlowdHarness.json(wrong).path("type").asText()).isEqualTo("not_found_error");
    assertThat(malformed.statusCode()).isEqualTo(404);
  }

  @Test
  void inactive_workflows_token_is_404_like_an_unknown_one() {
    JsonNode workflow = createWebhookWorkflow(false);
    HttpResponse<String> unknown =
        flowd.request("POST", "/workflows/webhooks/whsec_" + "B".repeat(32), null, "{}");

    HttpResponse<String> inactive = flowd.request("POST", hookPath(workflow), null, "{}");

    assertThat(inactive.statusCode()).isEqualTo(404);
    assertThat(inactive.body()).isEqualTo(unknown.body());
    long runs =
        flowd
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM runs WHERE workflow_id = :w")
                        .bind("w", workflow.path("id").asText())
                        .mapTo(Long.class)
                        .one());
    assertThat(runs).isZero();
  }

  @Test
  void body_over_one_mib_is_413() {
    JsonNode workflow = createWebhookWorkflow(true);
    String big = "{\"pad\": \"" + "x".repeat(1_048_576) + "\"}";

    HttpResponse<String> response = flowd.request("POST", hookPath(workflow), null, big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(FlowdHarness.json(response).path("code").asText()).isEqualTo("payload_too_large");
  }
}

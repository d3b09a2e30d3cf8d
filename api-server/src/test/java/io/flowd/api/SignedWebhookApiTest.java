package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks from real senders: HMAC signatures in GitHub's and a Stripe-like format, delivery ids
 * that deduplicate, and the save-time checks of the new workflow fields.
 */
class SignedWebhookApiTest {
  private static final String TOKEN = FlowdHarness.token("signed-hooks");
  private static final String SECRET = "It's a Secret to Everybody";
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
    HttpResponse<String> vault =
        flowd.request(
            "POST",
            "/workflows/vault",
            TOKEN,
            "{\"name\": \"GITHUB_HOOK\", \"secret\": \"" + SECRET + "\"}");
    assertThat(vault.statusCode()).as(vault.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static JsonNode create(String settings) {
    HttpResponse<String> created =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            """
            {"name": "Signed", %s
             "nodes": [{"id": "node_1", "type": "trigger",
                        "data": {"componentId": "webhook_trigger"}}],
             "edges": []}
            """
                .formatted(settings));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created);
  }

  private static String hookPath(JsonNode workflow) {
    String url = workflow.path("webhook_url").asText();
    return url.substring(url.indexOf("/workflows/webhooks/"));
  }

  private static String hmac(String algorithm, String data) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), algorithm));
    return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  private static long runCount(JsonNode workflow) {
    return FlowdHarness.json(
            flowd.request(
                "GET", "/workflows/" + workflow.path("id").asText() + "/executions", TOKEN, null))
        .path("meta")
        .path("total")
        .asLong();
  }

  @Test
  void github_signature_is_checked_and_a_missing_or_wrong_one_is_401_and_starts_nothing()
      throws Exception {
    JsonNode workflow =
        create(
            """
            "webhook_signature": {"vault": "GITHUB_HOOK", "header": "X-Hub-Signature-256",
                                  "algorithm": "sha256", "prefix": "sha256="},
            """);
    assertThat(workflow.path("webhook_signature").path("vault").asText()).isEqualTo("GITHUB_HOOK");
    assertThat(workflow.path("webhook_signature").path("format").asText()).isEqualTo("plain");
    assertThat(workflow.path("webhook_dedupe_header").isNull()).isTrue();
    assertThat(workflow.path("schedule_overlap").asText()).isEqualTo("skip");
    assertThat(workflow.path("schedule_catchup_seconds").asInt()).isEqualTo(300);
    String body = "{\"action\": \"opened\", \"number\": 1}";
    String path = hookPath(workflow);

    HttpResponse<String> missing = flowd.request("POST", path, null, body);
    HttpResponse<String> wrong =
        flowd.request("POST", path, null, body, "X-Hub-Signature-256", "sha256=" + "0".repeat(64));
    HttpResponse<String> otherBody =
        flowd.request(
            "POST",
            path,
            null,
            body.replace("1", "2"),
            "X-Hub-Signature-256",
            "sha256=" + hmac("HmacSHA256", body));
    assertThat(List.of(missing.statusCode(), wrong.statusCode(), otherBody.statusCode()))
        .containsOnly(401);
    assertThat(FlowdHarness.json(wrong).path("type").asText()).isEqualTo("authentication_error");
    assertThat(runCount(workflow)).isZero();

    HttpResponse<String> signed =
        flowd.request(
            "POST", path, null, body, "X-Hub-Signature-256", "sha256=" + hmac("HmacSHA256", body));
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(202);
    assertThat(runCount(workflow)).isEqualTo(1);
  }

  @Test
  void sha1_signatures_work_too() throws Exception {
    JsonNode workflow =
        create(
            """
            "webhook_signature": {"vault": "GITHUB_HOOK", "header": "X-Hub-Signature",
                                  "algorithm": "sha1", "prefix": "sha1="},
            """);
    String body = "{\"zen\": \"Keep it logically awesome.\"}";
    HttpResponse<String> signed =
        flowd.request(
            "POST",
            hookPath(workflow),
            null,
            body,
            "X-Hub-Signature",
            "sha1=" + hmac("HmacSHA1", body).toUpperCase());
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(202);
  }

  @Test
  void stripe_like_timestamped_signature_covers_time_and_body_and_refuses_old_timestamps()
      throws Exception {
    JsonNode workflow =
        create(
            """
            "webhook_signature": {"vault": "GITHUB_HOOK", "header": "Stripe-Signature",
                                  "algorithm": "sha256", "format": "timestamped"},
            """);
    String body = "{\"type\": \"invoice.paid\"}";
    long now = System.currentTimeMillis() / 1000;
    String path = hookPath(workflow);

    HttpResponse<String> valid =
        flowd.request(
            "POST",
            path,
            null,
            body,
            "Stripe-Signature",
            "t=" + now + ",v1=" + hmac("HmacSHA256", now + "." + body) + ",v0=ignored");
    long old = now - 3600;
    HttpResponse<String> stale =
        flowd.request(
            "POST",
            path,
            null,
            body,
            "Stripe-Signature",
            "t=" + old + ",v1=" + hmac("HmacSHA256", old + "." + body));
    HttpResponse<String> bodyOnly =
        flowd.request(
            "POST",
            path,
            null,
            body,
            "Stripe-Signature",
            "t=" + now + ",v1=" + hmac("HmacSHA256", body));

    assertThat(valid.statusCode()).as(valid.body()).isEqualTo(202);
    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(bodyOnly.statusCode()).isEqualTo(401);
    assertThat(runCount(workflow)).isEqualTo(1);
  }

  @Test
  void a_delivery_id_header_deduplicates_redeliveries_like_an_idempotency_key() throws Exception {
    JsonNode workflow = create("\"webhook_dedupe_header\": \"X-GitHub-Delivery\",");
    assertThat(workflow.path("webhook_dedupe_header").asText()).isEqualTo("X-GitHub-Delivery");
    String path = hookPath(workflow);
    String body = "{\"ref\": \"main\"}";

    HttpResponse<String> first =
        flowd.request("POST", path, null, body, "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab");
    HttpResponse<String> again =
        flowd.request("POST", path, null, body, "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab");
    HttpResponse<String> other =
        flowd.request("POST", path, null, body, "X-GitHub-Delivery", "delivery #2");
    HttpResponse<String> tooLong =
        flowd.request("POST", path, null, body, "X-GitHub-Delivery", "x".repeat(201));

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(FlowdHarness.json(again).path("run_id").asText())
        .isEqualTo(FlowdHarness.json(first).path("run_id").asText());
    assertThat(FlowdHarness.json(other).path("run_id").asText())
        .isNotEqualTo(FlowdHarness.json(first).path("run_id").asText());
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(runCount(workflow)).isEqualTo(2);
  }

  @Test
  void bad_trigger_settings_are_one_422_listing_every_problem_and_nothing_is_saved() {
    long before =
        FlowdHarness.json(flowd.request("GET", "/workflows", TOKEN, null))
            .path("meta")
            .path("total")
            .asLong();
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            """
            {"name": "Bad", "schedule_overlap": "sometimes", "schedule_catchup_seconds": -1,
             "webhook_dedupe_header": "not a header",
             "webhook_signature": {"vault": "GITHUB_HOOK", "header": "X-Sig", "algorithm": "md5",
                                   "format": "fancy", "extra": 1},
             "nodes": [{"id": "node_1", "type": "trigger",
                        "data": {"componentId": "webhook_trigger"}}],
             "edges": []}
            """);
    HttpResponse<String> missingSecret =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            """
            {"name": "No secret",
             "webhook_signature": {"vault": "NOT_THERE", "header": "X-Sig"},
             "nodes": [{"id": "node_1", "type": "trigger",
                        "data": {"componentId": "webhook_trigger"}}],
             "edges": []}
            """);

    assertThat(response.statusCode()).isEqualTo(422);
    List<String> paths = new ArrayList<>();
    FlowdHarness.json(response)
        .path("errors")
        .forEach(e -> paths.add(e.path("path").asText() + " " + e.path("code").asText()));
    assertThat(paths)
        .containsExactlyInAnyOrder(
            "schedule_overlap invalid_value",
            "schedule_catchup_seconds invalid_value",
            "webhook_dedupe_header invalid_value",
            "webhook_signature.extra invalid_value",
            "webhook_signature.algorithm invalid_value",
            "webhook_signature.format invalid_value");
    assertThat(missingSecret.statusCode()).isEqualTo(422);
    JsonNode error = FlowdHarness.json(missingSecret).path("errors").get(0);
    assertThat(error.path("code").asText()).isEqualTo("unknown_vault_secret");
    assertThat(error.path("path").asText()).isEqualTo("webhook_signature.vault");
    assertThat(
            FlowdHarness.json(flowd.request("GET", "/workflows", TOKEN, null))
                .path("meta")
                .path("total")
                .asLong())
        .isEqualTo(before);
  }

  @Test
  void an_update_can_set_and_clear_the_signature_and_a_missing_secret_is_refused() {
    JsonNode workflow = create("");
    String id = workflow.path("id").asText();

    HttpResponse<String> refused =
        flowd.request(
            "PUT",
            "/workflows/" + id,
            TOKEN,
            "{\"webhook_signature\": {\"vault\": \"NOT_THERE\", \"header\": \"X-Sig\"}}");
    HttpResponse<String> set =
        flowd.request(
            "PUT",
            "/workflows/" + id,
            TOKEN,
            "{\"webhook_signature\": {\"vault\": \"GITHUB_HOOK\", \"header\": \"X-Sig\"},"
                + " \"schedule_overlap\": \"allow\"}");
    HttpResponse<String> cleared =
        flowd.request("PUT", "/workflows/" + id, TOKEN, "{\"webhook_signature\": null}");

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(FlowdHarness.json(set).path("webhook_signature").path("header").asText())
        .isEqualTo("X-Sig");
    assertThat(FlowdHarness.json(set).path("schedule_overlap").asText()).isEqualTo("allow");
    assertThat(FlowdHarness.json(cleared).path("webhook_signature").isNull()).isTrue();
    assertThat(FlowdHarness.json(cleared).path("schedule_overlap").asText()).isEqualTo("allow");
    assertThat(FlowdHarness.json(flowd.request("GET", "/workflows", TOKEN, null)).path("data"))
        .allSatisfy(w -> assertThat(w.has("webhook_signature")).isTrue());
  }
}

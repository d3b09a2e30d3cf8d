package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.store.PayloadDao;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks as real senders use them: form, multipart and text bodies, signatures over the raw
 * bytes, answering with the run's result, replayed deliveries, GET calls, CORS and token rotation.
 */
class InboundWebhookApiTest {
  private static final String TOKEN = FlowdHarness.token("inbound-hooks");
  private static final String SECRET = "slack-signing-secret";
  private static final String BOUNDARY = "----flowdBoundary7MA4YWxkTrZu0gW";
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
    HttpResponse<String> vault =
        flowd.request(
            "POST",
            "/workflows/vault",
            TOKEN,
            "{\"name\": \"SLACK_SIGNING\", \"secret\": \"" + SECRET + "\"}");
    assertThat(vault.statusCode()).as(vault.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  /** Creates a workflow: a webhook trigger with {@code trigger}'s settings, then {@code nodes}. */
  private static JsonNode create(String settings, String trigger, String nodes, String edges) {
    HttpResponse<String> created =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            """
            {"name": "Inbound", %s
             "nodes": [{"id": "node_1", "type": "trigger",
                        "data": {"componentId": "webhook_trigger" %s}} %s],
             "edges": [%s]}
            """
                .formatted(settings, trigger, nodes, edges));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created);
  }

  /** A workflow answering with a data_mapper's {@code mappings} (the run's output). */
  private static JsonNode mapping(String mappings) {
    return create(
        "",
        ", \"respond\": \"result\", \"respond_timeout_seconds\": 20",
        """
        , {"id": "node_2", "type": "action",
           "data": {"componentId": "data_mapper", "mappings": %s}}
        """
            .formatted(mappings),
        "{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}");
  }

  private static String hookPath(String url) {
    return url.substring(url.indexOf("/workflows/webhooks/"));
  }

  private static String hookPath(JsonNode workflow) {
    return hookPath(workflow.path("webhook_url").asText());
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
  void form_post_becomes_an_object_with_repeated_keys_as_arrays() {
    JsonNode workflow =
        mapping(
            "{\"a\": \"{{ trigger.body.a }}\", \"b\": \"{{ trigger.body.b }}\","
                + " \"tags\": \"{{ trigger.body.tag }}\", \"raw\": \"{{ trigger.raw_body }}\"}");

    HttpResponse<String> answer =
        flowd.request(
            "POST",
            hookPath(workflow),
            null,
            "a=1&b=two+words%21&tag=x&tag=y",
            "Content-Type",
            "application/x-www-form-urlencoded");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode output = FlowdHarness.json(answer);
    assertThat(output.path("a").asText()).isEqualTo("1");
    assertThat(output.path("b").asText()).isEqualTo("two words!");
    assertThat(output.path("tags")).isEqualTo(Json.parse("[\"x\", \"y\"]"));
    assertThat(output.path("raw").asText()).isEqualTo("a=1&b=two+words%21&tag=x&tag=y");
  }

  @Test
  void multipart_post_with_two_files_passes_fields_and_stored_files_by_reference()
      throws Exception {
    JsonNode workflow =
        mapping(
            """
            {"title": "{{ trigger.body.fields.title }}",
             "doc": "{{ trigger.body.files.doc }}",
             "image_type": "{{ trigger.body.files.image.type }}"}
            """);
    String csv = "id,name\n1,Ada\n2,Grace\n";
    String body =
        part("title", null, null, "Quarterly report")
            + part("doc", "report.csv", "text/csv", csv)
            + part("image", "pixel.png", "image/png", "PNGDATA")
            + "--"
            + BOUNDARY
            + "--\r\n";

    HttpResponse<String> answer =
        flowd.request(
            "POST",
            hookPath(workflow),
            null,
            body,
            "Content-Type",
            "multipart/form-data; boundary=" + BOUNDARY);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode output = FlowdHarness.json(answer);
    assertThat(output.path("title").asText()).isEqualTo("Quarterly report");
    assertThat(output.path("image_type").asText()).isEqualTo("image/png");
    JsonNode doc = output.path("doc");
    assertThat(doc.path("name").asText()).isEqualTo("report.csv");
    assertThat(doc.path("type").asText()).isEqualTo("text/csv");
    assertThat(doc.path("size").asInt()).isEqualTo(csv.length());
    String sha256 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(csv.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.path("sha256").asText()).isEqualTo(sha256);
    String stored =
        flowd
            .database()
            .dao(PayloadDao.class)
            .find("inbound-hooks", doc.path("payload_id").asText())
            .orElseThrow();
    assertThat(
            new String(
                Base64.getDecoder().decode(Json.parse(stored).path("content_base64").asText()),
                StandardCharsets.UTF_8))
        .isEqualTo(csv);
  }

  private static String part(String name, String file, String type, String content) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\""
        + (file == null ? "" : "; filename=\"" + file + "\"")
        + "\r\n"
        + (type == null ? "" : "Content-Type: " + type + "\r\n")
        + "\r\n"
        + content
        + "\r\n";
  }

  @Test
  void text_post_becomes_a_string() {
    JsonNode workflow = mapping("{\"said\": \"{{ trigger.body }}\"}");

    HttpResponse<String> answer =
        flowd.request(
            "POST",
            hookPath(workflow),
            null,
            "déjà vu, line one\nline two",
            "Content-Type",
            "text/plain; charset=utf-8");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(FlowdHarness.json(answer).path("said").asText())
        .isEqualTo("déjà vu, line one\nline two");
  }

  @Test
  void malformed_multipart_is_400_naming_the_type_and_starts_nothing() {
    JsonNode workflow = mapping("{\"x\": 1}");

    HttpResponse<String> noBoundary =
        flowd.request(
            "POST", hookPath(workflow), null, "hello", "Content-Type", "multipart/form-data");
    HttpResponse<String> cut =
        flowd.request(
            "POST",
            hookPath(workflow),
            null,
            "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
            "Content-Type",
            "multipart/form-data; boundary=" + BOUNDARY);

    for (HttpResponse<String> response : new HttpResponse[] {noBoundary, cut}) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(FlowdHarness.json(response).path("code").asText()).isEqualTo("malformed_body");
      assertThat(FlowdHarness.json(response).path("message").asText())
          .contains("multipart/form-data");
    }
    assertThat(runCount(workflow)).isZero();
  }

  @Test
  void signature_is_checked_over_the_raw_bytes_of_a_form_body() throws Exception {
    JsonNode workflow =
        create(
            """
            "webhook_signature": {"vault": "SLACK_SIGNING", "header": "X-Signature",
                                  "algorithm": "sha256", "prefix": "v0="},
            """,
            ", \"respond\": \"result\"",
            """
            , {"id": "node_2", "type": "action",
               "data": {"componentId": "data_mapper", "mappings": {"text": "{{ trigger.body.text }}"}}}
            """,
            "{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}");
    String raw = "text=hello%20world&user_name=ada";
    String reencoded = "text=hello+world&user_name=ada";

    HttpResponse<String> signedOtherEncoding =
        flowd.request(
            "POST",
            hookPath(workflow),
            null,
            raw,
            "Content-Type",
            "application/x-www-form-urlencoded",
            "X-Signature",
            "v0=" + hmac(reencoded));
    HttpResponse<String> signed =
        flowd.request(
            "POST",
            hookPath(workflow),
            null,
            raw,
            "Content-Type",
            "application/x-www-form-urlencoded",
            "X-Signature",
            "v0=" + hmac(raw));

    assertThat(signedOtherEncoding.statusCode()).isEqualTo(401);
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    assertThat(FlowdHarness.json(signed).path("text").asText()).isEqualTo("hello world");
    assertThat(runCount(workflow)).isEqualTo(1);
  }

  private static String hmac(String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  /** A Slack-like command: the webhook_response node answers, then the run goes on. */
  private static JsonNode slashCommand(String beforeResponse, int timeoutSeconds) {
    String respond =
        """
        {"id": "node_3", "type": "action",
         "data": {"componentId": "webhook_response", "status": 201,
                  "headers": {"X-Handled-By": "flowd"},
                  "body": {"response_type": "in_channel",
                           "text": "Hello {{ trigger.body.user_name }}"}}},
        {"id": "node_4", "type": "action",
         "data": {"componentId": "data_mapper", "mappings": {"done": true}}}
        """;
    return create(
        "\"webhook_dedupe_header\": \"X-Delivery\",",
        ", \"respond\": \"result\", \"respond_timeout_seconds\": " + timeoutSeconds,
        ", {\"id\": \"node_2\", \"type\": \"action\", \"data\": "
            + beforeResponse
            + "}, "
            + respond,
        """
        {"id": "e1", "source": "node_1", "target": "node_2"},
        {"id": "e2", "source": "node_2", "target": "node_3"},
        {"id": "e3", "source": "node_3", "target": "node_4"}
        """);
  }

  @Test
  void respond_result_answers_with_the_webhook_response_node_and_a_replay_gets_the_same()
      throws Exception {
    JsonNode workflow =
        slashCommand("{\"componentId\": \"data_mapper\", \"mappings\": {\"x\": 1}}", 20);
    String delivery = UUID.randomUUID().toString();

    HttpResponse<String> first =
        flowd.request(
            "POST",
            hookPath(workflow),
            null,
            "command=%2Fhello&user_name=ada",
            "Content-Type",
            "application/x-www-form-urlencoded",
            "X-Delivery",
            delivery);
    HttpResponse<String> replay =
        flowd.request(
            "POST",
            hookPath(workflow),
            null,
            "command=%2Fhello&user_name=ada",
            "Content-Type",
            "application/x-www-form-urlencoded",
            "X-Delivery",
            delivery);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(first.headers().firstValue("X-Handled-By")).contains("flowd");
    assertThat(first.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(FlowdHarness.json(first))
        .isEqualTo(Json.parse("{\"response_type\": \"in_channel\", \"text\": \"Hello ada\"}"));
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(runCount(workflow)).isEqualTo(1);
  }

  @Test
  void slow_run_answers_202_goes_on_to_complete_and_a_replay_gets_the_first_answer()
      throws Exception {
    JsonNode workflow =
        slashCommand("{\"componentId\": \"delay\", \"duration\": 3, \"unit\": \"seconds\"}", 1);
    String key = UUID.randomUUID().toString();

    HttpResponse<String> first =
        flowd.request(
            "POST", hookPath(workflow), null, "{\"user_name\": \"bo\"}", "Idempotency-Key", key);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    String runId = FlowdHarness.json(first).path("run_id").asText();
    JsonNode run = flowd.awaitRun(TOKEN, runId, "completed");
    assertThat(run.path("status").asText()).isEqualTo("completed");
    HttpResponse<String> replay =
        flowd.request(
            "POST", hookPath(workflow), null, "{\"user_name\": \"bo\"}", "Idempotency-Key", key);
    assertThat(replay.statusCode()).isEqualTo(202);
    assertThat(replay.body()).isEqualTo(first.body());
  }

  @Test
  void
      get_calls_need_allow_get_and_put_the_query_in_trigger_query_and_cors_allows_listed_origins() {
    JsonNode closed = mapping("{\"q\": \"{{ trigger.query.q }}\"}");
    JsonNode open =
        create(
            "",
            """
            , "respond": "result", "allow_get": true,
              "cors_origins": ["https://forms.example.com"]
            """,
            """
            , {"id": "node_2", "type": "action",
               "data": {"componentId": "data_mapper", "mappings": {"q": "{{ trigger.query.q }}"}}}
            """,
            "{\"id\": \"e1\", \"source\": \"node_1\", \"target\": \"node_2\"}");

    HttpResponse<String> refused = flowd.request("GET", hookPath(closed) + "?q=1", null, null);
    HttpResponse<String> taken =
        flowd.request(
            "GET", hookPath(open) + "?q=search", null, null, "Origin", "https://forms.example.com");
    HttpResponse<String> preflight =
        flowd.request(
            "OPTIONS",
            hookPath(open),
            null,
            null,
            "Origin",
            "https://forms.example.com",
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type");
    HttpResponse<String> otherOrigin =
        flowd.request("OPTIONS", hookPath(open), null, null, "Origin", "https://evil.example");

    assertThat(refused.statusCode()).isEqualTo(405);
    assertThat(runCount(closed)).isZero();
    assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
    assertThat(FlowdHarness.json(taken).path("q").asText()).isEqualTo("search");
    assertThat(taken.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://forms.example.com");
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://forms.example.com");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .contains("content-type");
    assertThat(otherOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void rotated_url_works_during_its_grace_period_and_is_404_after() throws Exception {
    JsonNode workflow = create("", "", "", "");
    String id = workflow.path("id").asText();
    String old = hookPath(workflow);

    HttpResponse<String> rotated =
        flowd.request(
            "POST", "/workflows/" + id + "/webhook/rotate", TOKEN, "{\"grace_seconds\": 2}");

    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    JsonNode urls = FlowdHarness.json(rotated);
    String current = hookPath(urls.path("webhook_url").asText());
    assertThat(current).isNotEqualTo(old);
    assertThat(hookPath(urls.path("previous_webhook_url").asText())).isEqualTo(old);
    assertThat(urls.path("previous_expires_at").asText()).isNotEmpty();
    assertThat(flowd.request("POST", old, null, "{}").statusCode()).isEqualTo(202);
    assertThat(flowd.request("POST", current, null, "{}").statusCode()).isEqualTo(202);
    JsonNode shown =
        FlowdHarness.json(flowd.request("GET", "/workflows/" + id + "/webhook", TOKEN, null));
    assertThat(shown).isEqualTo(urls);

    // A GET is 405 while the old token is valid (no run starts) and 404 once it has expired.
    int status = 0;
    for (int i = 0; i < 100 && status != 404; i++) {
      status = flowd.request("GET", old, null, null).statusCode();
      if (status != 404) {
        Thread.sleep(100);
      }
    }
    assertThat(status).isEqualTo(404);
    assertThat(flowd.request("POST", old, null, "{}").statusCode()).isEqualTo(404);
    assertThat(flowd.request("POST", current, null, "{}").statusCode()).isEqualTo(202);
    JsonNode after =
        FlowdHarness.json(flowd.request("GET", "/workflows/" + id + "/webhook", TOKEN, null));
    assertThat(after.path("previous_webhook_url").isNull()).isTrue();

    HttpResponse<String> cut =
        flowd.request(
            "POST", "/workflows/" + id + "/webhook/rotate", TOKEN, "{\"grace_seconds\": 0}");
    assertThat(cut.statusCode()).isEqualTo(200);
    assertThat(flowd.request("POST", current, null, "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void trigger_settings_are_checked_when_saved_and_a_workflow_without_webhook_cannot_rotate() {
    HttpResponse<String> tooLong =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            """
            {"name": "Bad", "nodes": [{"id": "node_1", "type": "trigger",
              "data": {"componentId": "webhook_trigger", "respond": "later",
                       "respond_timeout_seconds": 31}}], "edges": []}
            """);
    HttpResponse<String> manual =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            """
            {"name": "Manual", "nodes": [{"id": "node_1", "type": "trigger",
              "data": {"componentId": "manual_trigger"}}], "edges": []}
            """);

    assertThat(tooLong.statusCode()).isEqualTo(422);
    assertThat(tooLong.body())
        .contains("nodes[0].data.respond_timeout_seconds")
        .contains("nodes[0].data.respond");
    String id = FlowdHarness.json(manual).path("id").asText();
    HttpResponse<String> rotate =
        flowd.request("POST", "/workflows/" + id + "/webhook/rotate", TOKEN, null);
    assertThat(rotate.statusCode()).isEqualTo(409);
    assertThat(FlowdHarness.json(rotate).path("code").asText()).isEqualTo("no_webhook");
  }
}

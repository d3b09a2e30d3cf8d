package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of {@code POST /workflows/sync/{id}}. */
class SyncApiTest {
  private static final String TOKEN = FlowdHarness.token("sync-caller");
  private static FlowdHarness flowd;
  private static String greeter;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
    greeter =
        create(
            "{\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"data_mapper\", \"mappings\": {\"greeting\": \"Hi {{ trigger.name }}\"}}}");
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static String create(String secondNode) {
    HttpResponse<String> created =
        flowd.request(
            "POST",
            "/workflows",
            TOKEN,
            "{\"name\": \"Sync\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"trigger\","
                + " \"data\": {\"componentId\": \"api_trigger\"}}, "
                + secondNode
                + "], \"edges\": [{\"id\": \"e1\", \"source\": \"node_1\", \"target\":"
                + " \"node_2\"}]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return FlowdHarness.json(created).path("id").asText();
  }

  @Test
  void a_completed_run_answers_its_last_output() {
    HttpResponse<String> response =
        flowd.request(
            "POST",
            "/workflows/sync/" + greeter + "?timeout_seconds=20",
            TOKEN,
            "{\"name\": \"Ada\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("status").asText()).isEqualTo("completed");
    assertThat(body.path("output")).isEqualTo(Json.parse("{\"greeting\": \"Hi Ada\"}"));
    assertThat(body.path("error_message").isNull()).isTrue();
    JsonNode run =
        FlowdHarness.json(
            flowd.request("GET", "/workflows/runs/" + body.path("run_id").asText(), TOKEN, null));
    assertThat(run.path("trigger_type").asText()).isEqualTo("api");
    assertThat(run.path("trigger_payload")).isEqualTo(Json.parse("{\"name\": \"Ada\"}"));
  }

  @Test
  void a_timeout_outside_1_to_300_is_422() {
    for (String value : new String[] {"0", "301", "soon"}) {
      HttpResponse<String> response =
          flowd.request(
              "POST", "/workflows/sync/" + greeter + "?timeout_seconds=" + value, TOKEN, "{}");
      assertThat(response.statusCode()).as(value).isEqualTo(422);
      assertThat(FlowdHarness.json(response).path("errors").get(0).path("path").asText())
          .isEqualTo("timeout_seconds");
    }
  }

  @Test
  void a_run_that_outlasts_the_wait_is_504_with_its_id_and_goes_on() throws Exception {
    String slow =
        create(
            "{\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\": \"delay\","
                + " \"duration\": 1, \"unit\": \"hours\"}}");

    HttpResponse<String> response =
        flowd.request("POST", "/workflows/sync/" + slow + "?timeout_seconds=1", TOKEN, "{}");

    assertThat(response.statusCode()).isEqualTo(504);
    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("type").asText()).isEqualTo("api_error");
    String runId = body.path("run_id").asText();
    assertThat(runId).matches("fl_run_[0-9a-z]{16}");
    assertThat(flowd.awaitRun(TOKEN, runId, "running").path("status").asText())
        .isEqualTo("running");
    flowd.request("POST", "/workflows/runs/" + runId + "/cancel", TOKEN, null);
  }

  @Test
  void a_failed_run_answers_200_failed_with_the_error_message() {
    String failing =
        create(
            "{\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\": \"webhook\","
                + " \"url\": \"http://127.0.0.1:1/nothing\", \"retry\": {\"max_attempts\": 1}}}");

    HttpResponse<String> response =
        flowd.request("POST", "/workflows/sync/" + failing + "?timeout_seconds=20", TOKEN, "{}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("status").asText()).isEqualTo("failed");
    assertThat(body.path("output").isNull()).isTrue();
    assertThat(body.path("error_message").asText()).contains("node_2");
  }

  @Test
  void a_replayed_idempotency_key_answers_the_original_run_without_a_second_start() {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first =
        flowd.request(
            "POST",
            "/workflows/sync/" + greeter,
            TOKEN,
            "{\"name\": \"Bo\"}",
            "Idempotency-Key",
            key);
    HttpResponse<String> second =
        flowd.request(
            "POST",
            "/workflows/sync/" + greeter,
            TOKEN,
            "{\"name\": \"Bo\"}",
            "Idempotency-Key",
            key);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(FlowdHarness.json(second).path("id").asText())
        .isEqualTo(FlowdHarness.json(first).path("run_id").asText());
  }
}

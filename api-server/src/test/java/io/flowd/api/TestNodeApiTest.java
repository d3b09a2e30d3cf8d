package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box tests of {@code POST /workflows/test-node}. */
class TestNodeApiTest {
  private static final String TOKEN = FlowdHarness.token("node-tester");
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static HttpResponse<String> test(String body) {
    return flowd.request("POST", "/workflows/test-node", TOKEN, body);
  }

  @Test
  void a_mapper_renders_templates_from_the_context() {
    HttpResponse<String> response =
        test(
            "{\"node\": {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"data_mapper\", \"mappings\": {\"id\": \"{{ node_1.body.id }}\", \"hi\":"
                + " \"Hello {{ trigger.name }}\"}}}, \"context\": {\"node_1\": {\"body\": {\"id\":"
                + " 7}}, \"trigger\": {\"name\": \"Ada\"}}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("status").asText()).isEqualTo("success");
    assertThat(body.path("output")).isEqualTo(Json.parse("{\"id\": 7, \"hi\": \"Hello Ada\"}"));
    assertThat(body.path("error_message").isNull()).isTrue();
  }

  @Test
  void a_transform_evaluates_its_expression_and_a_bad_expression_is_422_with_its_position() {
    HttpResponse<String> ok =
        test(
            "{\"node\": {\"id\": \"sum\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"transform\", \"expression\": \"$sum(node_1.body.items.price)\"}},"
                + " \"context\": {\"node_1\": {\"body\": {\"items\": [{\"price\": 2},"
                + " {\"price\": 3.5}]}}}}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(FlowdHarness.json(ok).path("output")).isEqualTo(Json.parse("5.5"));

    HttpResponse<String> bad =
        test(
            "{\"node\": {\"id\": \"sum\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"transform\", \"expression\": \"$sum(node_1.body.items[\"}}}");
    assertThat(bad.statusCode()).isEqualTo(422);
    JsonNode error = FlowdHarness.json(bad).path("errors").get(0);
    assertThat(error.path("code").asText()).isEqualTo("invalid_expression");
    assertThat(error.path("path").asText()).isEqualTo("node.data.expression");
    assertThat(error.path("message").asText()).contains("node 'sum'", "at position");
  }

  @Test
  void a_code_node_runs_with_the_same_limits_and_answers_its_console_lines() {
    HttpResponse<String> ok =
        test(
            "{\"node\": {\"id\": \"score\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"code\", \"source\": \"console.log('n', $.node_1.items.length);"
                + " return $.node_1.items.map((i) => i * 2);\"}}, \"context\": {\"node_1\":"
                + " {\"items\": [1, 2]}}}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonNode answer = FlowdHarness.json(ok);
    assertThat(answer.path("status").asText()).isEqualTo("success");
    assertThat(answer.path("output")).isEqualTo(Json.parse("[2, 4]"));
    assertThat(answer.path("console")).isEqualTo(Json.parse("[\"n 2\"]"));

    HttpResponse<String> looping =
        test(
            "{\"node\": {\"id\": \"spin\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"code\", \"timeout_seconds\": 1, \"source\": \"console.log('start');"
                + " while (true) {}\"}}}");
    assertThat(looping.statusCode()).as(looping.body()).isEqualTo(200);
    JsonNode failed = FlowdHarness.json(looping);
    assertThat(failed.path("status").asText()).isEqualTo("error");
    assertThat(failed.path("error_type").asText()).isEqualTo("timeout");
    assertThat(failed.path("error_message").asText()).contains("timeout of 1.0 s");
    assertThat(failed.path("console")).isEqualTo(Json.parse("[\"start\"]"));

    HttpResponse<String> tooLong =
        test(
            "{\"node\": {\"id\": \"spin\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"code\", \"timeout_seconds\": 61, \"source\": \"return 1;\"}}}");
    assertThat(tooLong.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(tooLong).path("errors").findValuesAsText("path"))
        .contains("node.data.timeout_seconds");
  }

  @Test
  void an_invalid_config_is_422_with_every_path_under_node() {
    HttpResponse<String> response =
        test(
            "{\"node\": {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"webhook\", \"method\": \"FETCH\", \"timeout_seconds\": 0}}}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(response).path("errors").findValuesAsText("path"))
        .contains("node.data.url", "node.data.method", "node.data.timeout_seconds")
        .allMatch(path -> path.startsWith("node"));
  }

  @Test
  void a_delay_answers_at_once_without_waiting() {
    HttpResponse<String> response =
        test(
            "{\"node\": {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"delay\", \"duration\": 2, \"unit\": \"hours\"}}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(FlowdHarness.json(response).path("output").path("waited_seconds").asDouble())
        .isEqualTo(7200.0);
  }

  @Test
  void a_trigger_answers_the_payload_it_would_hand_on() {
    HttpResponse<String> response =
        test(
            "{\"node\": {\"id\": \"node_1\", \"type\": \"trigger\", \"data\": {\"componentId\":"
                + " \"manual_trigger\"}}, \"context\": {\"trigger\": {\"a\": 1}}}");

    assertThat(FlowdHarness.json(response).path("output")).isEqualTo(Json.parse("{\"a\": 1}"));
  }

  @Test
  void a_failing_node_answers_200_error_with_its_message() {
    HttpResponse<String> response =
        test(
            "{\"node\": {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"webhook\", \"url\": \"http://127.0.0.1:1/down\"}}}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("status").asText()).isEqualTo("error");
    assertThat(body.path("output").isNull()).isTrue();
    assertThat(body.path("error_message").asText()).contains("127.0.0.1:1");
  }

  @Test
  void an_unknown_vault_secret_is_an_error_naming_it() {
    HttpResponse<String> response =
        test(
            "{\"node\": {\"id\": \"node_2\", \"type\": \"action\", \"data\": {\"componentId\":"
                + " \"data_mapper\", \"mappings\": {\"k\": \"{{ vault.NOT_THERE }}\"}}}}");

    JsonNode body = FlowdHarness.json(response);
    assertThat(body.path("status").asText()).isEqualTo("error");
    assertThat(body.path("error_message").asText()).contains("NOT_THERE");
  }
}

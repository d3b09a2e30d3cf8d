package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx listing every problem, never a 5xx, and nothing is saved. */
class BadInputApiTest {
  private static FlowdHarness flowd;
  private static final String TOKEN = FlowdHarness.token("bob");

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.start();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  private static long savedWorkflows() {
    return flowd
        .database()
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT count(*) FROM workflows").mapTo(Long.class).one());
  }

  private static List<String> codes(JsonNode error) {
    List<String> codes = new ArrayList<>();
    error.path("errors").forEach(e -> codes.add(e.path("code").asText()));
    return codes;
  }

  @Test
  void malformed_json_is_400_with_the_error_body() {
    HttpResponse<String> response = flowd.request("POST", "/workflows", TOKEN, "{\"name\": ");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = FlowdHarness.json(response);
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.has("errors")).isTrue();
    assertThat(savedWorkflows()).isZero();
  }

  @Test
  void unknown_component_cycle_and_wrong_types_are_all_listed_in_one_422() {
    String body =
        """
        {"name": 42,
         "nodes": [
           {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "a", "type": "action", "data": {"componentId": "teleport"}},
           {"id": "b", "type": "action", "data": {"componentId": "data_mapper", "mappings": {}}},
           {"id": "c", "type": "action", "data": {"componentId": "data_mapper", "mappings": {}}}
         ],
         "edges": [
           {"id": "e1", "source": "t", "target": "a"},
           {"id": "e2", "source": "a", "target": "b"},
           {"id": "e3", "source": "b", "target": "c"},
           {"id": "e4", "source": "c", "target": "b"}
         ]}
        """;

    HttpResponse<String> response = flowd.request("POST", "/workflows", TOKEN, body);

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode error = FlowdHarness.json(response);
    assertThat(codes(error)).contains("unknown_component", "cycle", "invalid_type");
    assertThat(response.body()).contains("teleport");
    assertThat(savedWorkflows()).isZero();
  }

  @Test
  void missing_required_fields_are_422() {
    HttpResponse<String> response = flowd.request("POST", "/workflows", TOKEN, "{}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(FlowdHarness.json(response).path("errors").size()).isGreaterThanOrEqualTo(3);
    assertThat(savedWorkflows()).isZero();
  }

  @Test
  void body_over_one_mebibyte_is_413() {
    String big = "{\"name\": \"" + "x".repeat(1_048_577) + "\"}";

    HttpResponse<String> response = flowd.request("POST", "/workflows", TOKEN, big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(FlowdHarness.json(response).path("type").asText())
        .isEqualTo("invalid_request_error");
    assertThat(savedWorkflows()).isZero();
  }

  @Test
  void non_json_content_type_is_415() {
    HttpResponse<String> response =
        flowd.request("POST", "/workflows", TOKEN, "{}", "Content-Type", "text/plain");

    assertThat(response.statusCode()).isIn(415);
  }

  @Test
  void malformed_path_id_is_404() {
    HttpResponse<String> response = flowd.request("GET", "/workflows/nope", TOKEN, null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(FlowdHarness.json(response).path("type").asText()).isEqualTo("not_found_error");
  }
}

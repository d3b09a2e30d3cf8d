package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL becomes unreachable after start-up (the API's connections go through a TCP proxy that
 * the test closes): {@code /ready} and every route answer 503 with {@code Retry-After}, never 500.
 */
class DatabaseDownApiTest {
  private static FlowdHarness flowd;

  @BeforeAll
  static void start() {
    flowd = FlowdHarness.startBehindDatabaseProxy();
  }

  @AfterAll
  static void stop() {
    flowd.close();
  }

  @Test
  void ready_and_routes_answer_503_with_retry_after_once_postgres_is_unreachable() {
    String token = FlowdHarness.token("patient");
    String id = WorkflowApiTest.create(flowd, token, WorkflowApiTest.MAPPER_GRAPH);
    HttpResponse<String> readyBefore = flowd.request("GET", "/ready", null, null);

    flowd.cutDatabase();
    HttpResponse<String> readyAfter = flowd.request("GET", "/ready", null, null);
    HttpResponse<String> list = flowd.request("GET", "/workflows", token, null);
    HttpResponse<String> read = flowd.request("GET", "/workflows/" + id, token, null);
    HttpResponse<String> create =
        flowd.request(
            "POST", "/workflows", FlowdHarness.token("newcomer"), WorkflowApiTest.MAPPER_GRAPH);
    HttpResponse<String> execute =
        flowd.request("POST", "/workflows/" + id + "/execute", token, "{}");

    assertThat(readyBefore.statusCode()).isEqualTo(200);
    assertThat(FlowdHarness.json(readyBefore).toString())
        .isEqualTo("{\"postgres\":\"up\",\"temporal\":\"up\"}");
    assertThat(readyAfter.statusCode()).isEqualTo(503);
    assertThat(FlowdHarness.json(readyAfter).path("postgres").asText()).isEqualTo("down");
    assertThat(readyAfter.headers().firstValue("Retry-After")).isPresent();
    for (HttpResponse<String> response : new HttpResponse[] {list, read, create, execute}) {
      assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(503);
      JsonNode error = FlowdHarness.json(response);
      assertThat(error.path("type").asText()).isEqualTo("api_error");
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }
  }
}

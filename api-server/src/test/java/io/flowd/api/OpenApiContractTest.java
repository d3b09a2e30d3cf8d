package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.api.http.OpenApiDocument;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's OpenAPI check catches exchanges that break the served document. */
class OpenApiContractTest {
  private static final OpenApiContract CONTRACT =
      OpenApiContract.of(new String(OpenApiDocument.bytes(), StandardCharsets.UTF_8));
  private static final Map<String, List<String>> JSON =
      Map.of("Content-Type", List.of("application/json"));
  private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer x.y.z");
  private static final String PAGE =
      "{\"data\": [], \"links\": {\"first\": \"/workflows?page=1&per_page=25\","
          + " \"last\": \"/workflows?page=1&per_page=25\", \"prev\": null, \"next\": null},"
          + " \"meta\": {\"current_page\": 1, \"per_page\": 25, \"total\": 0, \"last_page\": 1}}";

  private static List<String> problems(String query, int status, String body) {
    return CONTRACT.problems(
        "GET", URI.create("http://127.0.0.1/workflows" + query), AUTH, null, status, JSON, body);
  }

  @Test
  void a_response_that_matches_the_document_passes() {
    assertThat(problems("", 200, PAGE)).isEmpty();
  }

  @Test
  void a_response_missing_a_required_field_is_caught_with_the_validators_message() {
    List<String> problems = problems("", 200, PAGE.replace(", \"total\": 0", ""));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith("response validation.response.body").contains("total");
  }

  @Test
  void an_error_body_with_an_unknown_type_or_extra_field_is_caught() {
    String error =
        "{\"type\": \"oops\", \"code\": \"x\", \"message\": \"m\", \"errors\": [], \"extra\": 1}";

    assertThat(problems("", 401, error))
        .anyMatch(p -> p.contains("oops"))
        .anyMatch(p -> p.contains("extra"));
  }

  @Test
  void an_undocumented_status_is_caught() {
    assertThat(problems("", 418, "{}")).anyMatch(p -> p.contains("status"));
  }

  @Test
  void a_request_the_server_accepted_against_the_document_is_caught_but_a_refused_one_is_not() {
    assertThat(problems("?per_page=500", 200, PAGE))
        .anyMatch(p -> p.startsWith("request ") && p.contains("maximum: 100"));
    String refused =
        "{\"type\": \"invalid_request_error\", \"code\": \"invalid_query\","
            + " \"message\": \"m\", \"errors\": [{\"code\": \"out_of_range\","
            + " \"path\": \"per_page\", \"message\": \"m\"}]}";
    assertThat(problems("?per_page=500", 400, refused)).isEmpty();
  }

  @Test
  void openapi_3_1_type_arrays_are_checked_not_waved_through() {
    String sync =
        "{\"run_id\": \"fl_run_0123456789abcdef\", \"status\": \"completed\","
            + " \"output\": %s, \"error_message\": %s}";
    assertThat(sync(200, sync.formatted("{\"a\": 1}", "null"))).isEmpty();
    assertThat(sync(200, sync.formatted("\"text\"", "\"boom\""))).isEmpty();
    assertThat(sync(200, sync.formatted("null", "5")))
        .singleElement()
        .asString()
        .contains("error_message");
  }

  @Test
  void a_field_typed_boolean_string_or_null_refuses_a_number() {
    String workflow =
        "{\"name\": \"n\", \"nodes\": [{\"id\": \"node_1\", \"type\": \"action\","
            + " \"data\": {\"componentId\": \"webhook\", \"url\": \"http://x\","
            + " \"fail_on_status\": %s}}], \"edges\": []}";
    for (String accepted : List.of("true", "\"{{ trigger.strict }}\"", "null")) {
      assertThat(create(workflow.formatted(accepted))).as(accepted).isEmpty();
    }
    assertThat(create(workflow.formatted("5"))).anyMatch(p -> p.contains("fail_on_status"));
  }

  private static List<String> sync(int status, String body) {
    return CONTRACT.problems(
        "POST",
        URI.create("http://127.0.0.1/workflows/sync/fl_0123456789abcdef"),
        Map.of("Authorization", "Bearer x.y.z", "Content-Type", "application/json"),
        "{}",
        status,
        JSON,
        body);
  }

  /** The request's problems when the server accepted it (the answer is not what is checked). */
  private static List<String> create(String body) {
    return CONTRACT
        .problems(
            "POST",
            URI.create("http://127.0.0.1/workflows"),
            Map.of("Authorization", "Bearer x.y.z", "Content-Type", "application/json"),
            body,
            201,
            JSON,
            "{}")
        .stream()
        .filter(p -> p.startsWith("request "))
        .toList();
  }
}

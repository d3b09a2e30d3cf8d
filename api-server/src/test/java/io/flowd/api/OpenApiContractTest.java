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
}

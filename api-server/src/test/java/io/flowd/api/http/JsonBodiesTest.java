package io.flowd.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.ValidationError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {
  private static final String JSON = "application/json";

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ApiException rejection(byte[] body, String contentType) {
    return catchThrowableOfType(ApiException.class, () -> JsonBodies.readJson(body, contentType));
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void json_object_is_parsed() {
    JsonNode node = JsonBodies.readJson(utf8("{\"context\":{\"a\":[1,2]}}"), JSON);

    assertThat(node.at("/context/a/1").intValue()).isEqualTo(2);
  }

  @Test
  void empty_body_is_an_empty_object_whatever_the_content_type() {
    assertThat(JsonBodies.readJson(null, null).isObject()).isTrue();
    assertThat(JsonBodies.readJson(new byte[0], null)).isEmpty();
    assertThat(JsonBodies.readJson(new byte[0], "text/plain")).isEmpty();
    assertThat(JsonBodies.readJson(utf8(" \n"), JSON)).isEmpty();
  }

  @Test
  void json_content_types_with_parameters_and_plus_json_are_accepted() {
    byte[] body = utf8("{}");

    assertThat(JsonBodies.readJson(body, "application/json; charset=utf-8")).isEmpty();
    assertThat(JsonBodies.readJson(body, "Application/JSON;charset=\"UTF-8\"")).isEmpty();
    assertThat(JsonBodies.readJson(body, "application/merge-patch+json")).isEmpty();
    assertThat(JsonBodies.readJson(body, "application/vnd.flowd.v1+json")).isEmpty();
  }

  @Test
  void body_with_a_non_json_content_type_is_415() {
    for (String type :
        new String[] {
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/jsonp",
          "application/+json",
          "application/json; charset=iso-8859-1",
          "json"
        }) {
      ApiException e = rejection(utf8("{}"), type);
      assertThat(e.status()).as(type).isEqualTo(415);
      assertThat(e.type()).isEqualTo("invalid_request_error");
    }
  }

  @Test
  void body_without_a_content_type_is_415() {
    assertThat(rejection(utf8("{}"), null).status()).isEqualTo(415);
  }

  @Test
  void body_over_one_mebibyte_is_413() {
    byte[] tooBig = new byte[JsonBodies.MAX_BODY_BYTES + 1];
    Arrays.fill(tooBig, (byte) ' ');

    ApiException e = rejection(tooBig, JSON);

    assertThat(e.status()).isEqualTo(413);
    assertThat(e.type()).isEqualTo("invalid_request_error");
  }

  @Test
  void body_of_exactly_one_mebibyte_is_accepted() {
    String prefix = "{\"a\":\"";
    String suffix = "\"}";
    String body =
        prefix + "x".repeat(JsonBodies.MAX_BODY_BYTES - prefix.length() - suffix.length()) + suffix;

    assertThat(JsonBodies.readJson(utf8(body), JSON).get("a").textValue())
        .hasSize(JsonBodies.MAX_BODY_BYTES - 8);
  }

  @Test
  void malformed_json_is_400_invalid_json_with_one_sentence_and_its_line_and_column() {
    ApiException e = rejection(utf8("{\"a\": tru}"), JSON);

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("invalid_json");
    assertThat(e.getMessage())
        .isEqualTo(
            "The request body is not valid JSON: unknown word 'tru' (strings need double quotes)"
                + " at line 1, column 7.");
  }

  @Test
  void a_truncated_body_says_it_is_cut_off_with_line_and_column_and_no_parser_internals() {
    ApiException e = rejection(utf8("{\n  \"name\": \"x\",\n  \"nodes\": [{\"id\": \"t\""), JSON);

    assertThat(e.code()).isEqualTo("invalid_json");
    assertThat(e.getMessage())
        .startsWith("The request body is not valid JSON: it ends before the JSON is complete")
        .contains("at line 3, column ")
        .doesNotContain("StreamReadFeature")
        .doesNotContain("Source")
        .doesNotContain("REDACTED")
        .doesNotContain("\n");
  }

  @Test
  void trailing_content_is_malformed_json() {
    assertThat(rejection(utf8("{} {}"), JSON).code()).isEqualTo("invalid_json");
  }

  @Test
  void nesting_up_to_the_limit_is_accepted() {
    assertThat(JsonBodies.readJson(utf8(nested(65)), JSON).isArray()).isTrue();
  }

  @Test
  void nesting_deeper_than_64_levels_is_422_too_deep() {
    ApiException e = rejection(utf8(nested(66)), JSON);

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.code()).isEqualTo("too_deep");
    assertThat(rejection(utf8(nested(10_000)), JSON).code()).isEqualTo("too_deep");
  }

  @Test
  void nul_character_in_a_string_is_422_with_its_path() {
    ApiException e = rejection(utf8("{\"context\":{\"names\":[\"ok\",\"a\\u0000b\"]}}"), JSON);

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.code()).isEqualTo("invalid_string");
    assertThat(e.errors()).extracting(ValidationError::path).containsExactly("context.names[1]");
  }

  @Test
  void non_object_documents_are_returned_as_parsed() {
    assertThat(JsonBodies.readJson(utf8("[1]"), JSON).isArray()).isTrue();
    assertThat(JsonBodies.readJson(utf8("\"x\""), JSON).textValue()).isEqualTo("x");
  }

  @Test
  void unsupported_media_type_beats_malformed_json() {
    assertThatThrownBy(() -> JsonBodies.readJson(utf8("{"), "text/plain"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(415));
  }
}

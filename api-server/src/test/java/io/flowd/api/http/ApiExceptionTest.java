package io.flowd.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiExceptionTest {

  @Test
  void error_body_serialises_exactly_type_code_message_errors() {
    ApiErrorBody body =
        new ApiErrorBody(
            "invalid_request_error",
            "validation_failed",
            "The workflow is invalid.",
            List.of(new ValidationError("cycle", "edges[3]", "The graph has a cycle.")));

    assertThat(Json.write(body))
        .isEqualTo(
            "{\"type\":\"invalid_request_error\",\"code\":\"validation_failed\","
                + "\"message\":\"The workflow is invalid.\",\"errors\":"
                + "[{\"code\":\"cycle\",\"path\":\"edges[3]\",\"message\":\"The graph has a cycle.\"}]}");
  }

  @Test
  void error_body_always_carries_an_errors_array() {
    assertThat(Json.write(new ApiErrorBody("api_error", "internal_error", "x", null)))
        .isEqualTo(
            "{\"type\":\"api_error\",\"code\":\"internal_error\",\"message\":\"x\",\"errors\":[]}");
  }

  @Test
  void factories_set_the_contract_status_and_type() {
    record Expected(ApiException e, int status, String type) {}
    List<Expected> cases =
        List.of(
            new Expected(
                ApiException.badRequest("invalid_json", "m"), 400, "invalid_request_error"),
            new Expected(
                ApiException.unprocessable("validation_failed", "m", List.of()),
                422,
                "invalid_request_error"),
            new Expected(ApiException.payloadTooLarge(), 413, "invalid_request_error"),
            new Expected(ApiException.unsupportedMediaType(), 415, "invalid_request_error"),
            new Expected(ApiException.unauthorized("m"), 401, "authentication_error"),
            new Expected(ApiException.notFound("m"), 404, "not_found_error"),
            new Expected(ApiException.conflict("run_closed", "m"), 409, "conflict_error"),
            new Expected(ApiException.rateLimited(7), 429, "rate_limit_error"),
            new Expected(ApiException.unavailable("m", 5), 503, "api_error"),
            new Expected(ApiException.timeout("m"), 504, "api_error"),
            new Expected(ApiException.internal(), 500, "api_error"));

    for (Expected c : cases) {
      assertThat(c.e().status()).isEqualTo(c.status());
      assertThat(c.e().type()).isEqualTo(c.type());
      assertThat(c.e().code()).isNotBlank();
      assertThat(c.e().getMessage()).isNotBlank();
      assertThat(c.e().body().errors()).isNotNull();
    }
  }

  @Test
  void rate_limited_and_unavailable_carry_retry_after() {
    assertThat(ApiException.rateLimited(12).headers()).isEqualTo(Map.of("Retry-After", "12"));
    assertThat(ApiException.unavailable("PostgreSQL is unreachable.", 3).headers())
        .isEqualTo(Map.of("Retry-After", "3"));
    assertThat(ApiException.notFound("gone").headers()).isEmpty();
  }

  @Test
  void unprocessable_keeps_every_validation_error_in_the_body() {
    List<ValidationError> errors =
        List.of(
            new ValidationError("cycle", "edges[3]", "a"),
            new ValidationError("unreachable", "nodes[2]", "b"));

    ApiException e = ApiException.unprocessable("validation_failed", "Invalid.", errors);

    assertThat(e.body())
        .isEqualTo(
            new ApiErrorBody("invalid_request_error", "validation_failed", "Invalid.", errors));
  }

  @Test
  void internal_error_reveals_no_cause() {
    assertThat(ApiException.internal().getCause()).isNull();
    assertThat(ApiException.internal().getMessage()).doesNotContain("Exception");
  }
}

package io.flowd.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.flowd.model.ValidationError;
import java.util.List;

/**
 * The one error body of the contract: {@code {"type", "code", "message", "errors"}}. Every key is
 * always written; {@code errors} is {@code []} when there are none.
 *
 * @param type {@code invalid_request_error}, {@code authentication_error}, {@code not_found_error},
 *     {@code conflict_error}, {@code rate_limit_error} or {@code api_error}
 * @param code a stable machine-readable code, such as {@code invalid_json}
 * @param message a sentence for people
 * @param errors every problem found in the input, in the order found
 * @param runId the run the answer is about, written only when set: the sync route's 504 names the
 *     run that goes on
 */
@JsonPropertyOrder({"type", "code", "message", "errors", "run_id"})
public record ApiErrorBody(
    String type,
    String code,
    String message,
    List<ValidationError> errors,
    @JsonProperty("run_id") @JsonInclude(JsonInclude.Include.NON_NULL) String runId) {

  /** Copies {@code errors}, turning {@code null} into an empty list. */
  public ApiErrorBody {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** Creates a body without a run id. */
  public ApiErrorBody(String type, String code, String message, List<ValidationError> errors) {
    this(type, code, message, errors, null);
  }
}

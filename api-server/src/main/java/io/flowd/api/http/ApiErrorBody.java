package io.flowd.api.http;

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
 */
@JsonPropertyOrder({"type", "code", "message", "errors"})
public record ApiErrorBody(String type, String code, String message, List<ValidationError> errors) {

  /** Copies {@code errors}, turning {@code null} into an empty list. */
  public ApiErrorBody {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}

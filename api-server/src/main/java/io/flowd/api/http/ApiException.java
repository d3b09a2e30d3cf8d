package io.flowd.api.http;

import io.flowd.model.ValidationError;
import java.util.List;
import java.util.Map;

/**
 * An error answer of the API: the HTTP status, the contract's error body and any headers to send
 * with it. Route code throws it; one exception handler turns it into the response.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Error type of 400, 413, 415 and 422 answers. */
  public static final String INVALID_REQUEST = "invalid_request_error";

  /** Error type of 401 answers. */
  public static final String AUTHENTICATION = "authentication_error";

  /** Error type of 404 answers. */
  public static final String NOT_FOUND = "not_found_error";

  /** Error type of 409 answers. */
  public static final String CONFLICT = "conflict_error";

  /** Error type of 429 answers. */
  public static final String RATE_LIMIT = "rate_limit_error";

  /** Error type of 500, 503 and 504 answers. */
  public static final String API = "api_error";

  private final int status;
  private final String type;
  private final String code;
  private final transient List<ValidationError> errors;
  private final transient Map<String, String> headers;
  private String runId;

  /**
   * Creates an error answer.
   *
   * @param status the HTTP status
   * @param type the contract's error type
   * @param code a stable machine-readable code
   * @param message a sentence for people; it is sent to the caller
   * @param errors the problems found in the input, or {@code null} for none
   * @param headers response headers to add, or {@code null} for none
   */
  public ApiException(
      int status,
      String type,
      String code,
      String message,
      List<ValidationError> errors,
      Map<String, String> headers) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** Returns a 400 for a malformed request. */
  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, INVALID_REQUEST, code, message, null, null);
  }

  /** Returns a 422 for well-formed but invalid input, with every problem found. */
  public static ApiException unprocessable(
      String code, String message, List<ValidationError> errors) {
    return new ApiException(422, INVALID_REQUEST, code, message, errors, null);
  }

  /** Returns the 413 for a request body over 1 MiB. */
  public static ApiException payloadTooLarge() {
    return new ApiException(
        413,
        INVALID_REQUEST,
        "payload_too_large",
        "The request body is larger than " + JsonBodies.MAX_BODY_BYTES + " bytes.",
        null,
        null);
  }

  /** Returns the 415 for a body sent with a content type other than JSON. */
  public static ApiException unsupportedMediaType() {
    return new ApiException(
        415,
        INVALID_REQUEST,
        "unsupported_media_type",
        "The request body must be JSON, sent with Content-Type: application/json.",
        null,
        null);
  }

  /** Returns a 401 with the reason the credentials were not accepted. */
  public static ApiException unauthorized(String message) {
    return new ApiException(401, AUTHENTICATION, "unauthorized", message, null, null);
  }

  /** Returns a 404; also the answer for another tenant's resource. */
  public static ApiException notFound(String message) {
    return new ApiException(404, NOT_FOUND, "not_found", message, null, null);
  }

  /** Returns a 409 for a request that the resource's current state does not allow. */
  public static ApiException conflict(String code, String message) {
    return new ApiException(409, CONFLICT, code, message, null, null);
  }

  /** Returns the 429 for a tenant past its rate limit, telling when to try again. */
  public static ApiException rateLimited(long retryAfterSeconds) {
    return new ApiException(
        429,
        RATE_LIMIT,
        "rate_limited",
        "Too many requests; retry after " + retryAfterSeconds + " seconds.",
        null,
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /** Returns a 503 for a dependency that is down (PostgreSQL), telling when to try again. */
  public static ApiException unavailable(String message, long retryAfterSeconds) {
    return new ApiException(
        503,
        API,
        "service_unavailable",
        message,
        null,
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /** Returns a 504 for work that outlasted the time the caller allowed. */
  public static ApiException timeout(String message) {
    return new ApiException(504, API, "timeout", message, null, null);
  }

  /** Returns the sync route's 504: the run outlasted the wait and goes on; the body names it. */
  public static ApiException syncTimeout(String message, String runId) {
    ApiException e = timeout(message);
    e.runId = runId;
    return e;
  }

  /** Returns the 500 for a failure of flowd itself; it reveals nothing of the cause. */
  public static ApiException internal() {
    return new ApiException(
        500, API, "internal_error", "An internal error occurred; it has been logged.", null, null);
  }

  /** Returns the HTTP status. */
  public int status() {
    return status;
  }

  /** Returns the contract's error type. */
  public String type() {
    return type;
  }

  /** Returns the machine-readable error code. */
  public String code() {
    return code;
  }

  /** Returns the problems found in the input; empty when there are none. */
  public List<ValidationError> errors() {
    return errors;
  }

  /** Returns the headers to send with the answer, such as {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Returns the body to send. */
  public ApiErrorBody body() {
    return new ApiErrorBody(type, code, getMessage(), errors, runId);
  }
}

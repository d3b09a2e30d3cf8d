package io.flowd.api.auth;

/**
 * Thrown when a request does not carry a token flowd accepts. The message says why, in words that
 * are safe to show to the caller; the HTTP layer answers it with 401.
 */
public final class AuthenticationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the caller. */
  public AuthenticationException(String message) {
    super(message);
  }
}

package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A node failed. Handlers throw it with a message for the run's log; {@code retryable} tells
 * whether another attempt could succeed (a blocked address or a bad config cannot).
 */
public class NodeFailure extends RuntimeException {
  private final String type;
  private final boolean retryable;
  private final transient ObjectNode details;

  public NodeFailure(String type, String message, boolean retryable) {
    this(type, message, retryable, null);
  }

  /**
   * Creates a failure whose error output carries {@code details} beside {@code message} and {@code
   * type}, such as an HTTP error's {@code status} and {@code body}.
   */
  public NodeFailure(String type, String message, boolean retryable, ObjectNode details) {
    super(message);
    this.type = type;
    this.retryable = retryable;
    this.details = details;
  }

  /** Returns the extra fields of the error output, or {@code null}. */
  public ObjectNode details() {
    return details;
  }

  /**
   * Returns a short machine-readable kind such as {@code http_status} or {@code blocked_address}.
   */
  public String type() {
    return type;
  }

  /** Returns whether another attempt may succeed. */
  public boolean retryable() {
    return retryable;
  }
}

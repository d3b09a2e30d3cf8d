package io.flowd.nodes.spi;

/**
 * A node failed. Handlers throw it with a message for the run's log; {@code retryable} tells
 * whether another attempt could succeed (a blocked address or a bad config cannot).
 */
public class NodeFailure extends RuntimeException {
  private final String type;
  private final boolean retryable;

  public NodeFailure(String type, String message, boolean retryable) {
    super(message);
    this.type = type;
    this.retryable = retryable;
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

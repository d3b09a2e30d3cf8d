package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;

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

  /**
   * Returns the node's error output as the contract gives it: {@code {"error": {"message",
   * "type"}}}, plus the failure's details (an HTTP error's {@code status} and {@code body}). The
   * node activity logs and passes it on, and the interpreter builds the same for failures it sees
   * in workflow code.
   */
  public ObjectNode errorOutput() {
    ObjectNode output = Json.object();
    ObjectNode error = output.putObject("error").put("message", getMessage()).put("type", type);
    if (details != null) {
      details
          .fields()
          .forEachRemaining(
              field -> {
                if (!error.has(field.getKey())) {
                  error.set(field.getKey(), field.getValue());
                }
              });
    }
    return output;
  }
}

package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A {@code terminate} node ended the run with its status, message and output. */
final class RunTerminated extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String status;
  private final transient JsonNode output;

  RunTerminated(String status, String message, JsonNode output) {
    super(message);
    this.status = status;
    this.output = output;
  }

  /** Returns {@code completed} or {@code failed}. */
  String status() {
    return status;
  }

  /** Returns whether the node ended the run as failed. */
  boolean failed() {
    return "failed".equals(status);
  }

  /** Returns the node's output, the run's result when it completed. */
  JsonNode output() {
    return output;
  }
}

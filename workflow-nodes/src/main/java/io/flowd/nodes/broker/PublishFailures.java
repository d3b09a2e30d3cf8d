package io.flowd.nodes.broker;

import io.flowd.nodes.spi.NodeFailure;

/** The failures of the publish nodes. */
final class PublishFailures {
  /** The {@link NodeFailure#type()} of a publish the broker did not confirm. */
  static final String TYPE = "broker_error";

  private PublishFailures() {}

  /** A publish that may succeed when tried again (broker unreachable, no confirm in time). */
  static NodeFailure retryable(String broker, Exception e) {
    return new NodeFailure(TYPE, broker + " did not confirm the message: " + describe(e), true);
  }

  /** A publish the broker refused for good (unknown stream, authorization). */
  static NodeFailure refused(String broker, String why) {
    return new NodeFailure(TYPE, broker + " refused the message: " + why, false);
  }

  static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}

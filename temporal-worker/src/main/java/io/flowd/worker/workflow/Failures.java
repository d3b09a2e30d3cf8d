package io.flowd.worker.workflow;

import io.flowd.nodes.spi.NodeFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;

/** Turns Temporal failures of activities and child workflows into node failures. */
final class Failures {
  private Failures() {}

  /**
   * Returns a node failure carrying the innermost application message of {@code error}.
   *
   * @throws CanceledFailure when the error is (or was caused by) a cancellation
   */
  static NodeFailure toNodeFailure(Throwable error, String prefix) {
    if (error instanceof NodeFailure failure) {
      return failure;
    }
    ApplicationFailure app = null;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure cancelled) {
        throw cancelled;
      }
      if (t instanceof ApplicationFailure found && app == null) {
        app = found;
      }
      if (t instanceof TimeoutFailure && app == null) {
        return new NodeFailure("timeout", prefix + "timed out", false);
      }
    }
    if (app != null) {
      return new NodeFailure(app.getType(), prefix + app.getOriginalMessage(), false);
    }
    return new NodeFailure("internal_error", prefix + error, false);
  }
}

package io.flowd.worker.workflow;

/** A node failed without {@code continue_on_error}, or the run timed out: the run fails. */
final class RunFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RunFailed(String message) {
    super(message);
  }
}

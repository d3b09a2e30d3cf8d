package io.flowd.runs;

import io.flowd.model.Run;

/**
 * What {@link RunEngine#start} did with a {@link RunRequest}. Each caller maps it to its own
 * protocol (an HTTP answer, a broker ack, a schedule's skip) (Java 17: by {@code instanceof} over
 * the sealed set).
 */
public sealed interface RunOutcome {

  /**
   * A new run was recorded and handed to Temporal, or, when Temporal did not answer, left to the
   * outbox, which starts it later: either way the run is accepted.
   */
  record Started(Run run) implements RunOutcome {}

  /** A new run was recorded and waits in its concurrency key's queue for a free slot. */
  record Queued(Run run) implements RunOutcome {}

  /** An earlier request with the same idempotency key (or fire time) created {@code run}. */
  record Replayed(Run run) implements RunOutcome {}

  /** The idempotency key was used before with another workflow or body; nothing was recorded. */
  record Mismatch(String message) implements RunOutcome {}

  /** The workflow to run no longer exists; nothing was recorded. */
  record NotFound(String message) implements RunOutcome {}

  /** PostgreSQL could not be reached; nothing was recorded, the caller may try again. */
  record Unavailable(String message) implements RunOutcome {}

  /**
   * The request's guard declined the run (a schedule's overlap policy): nothing was recorded.
   *
   * @param reason the guard's reason, such as {@code overlap}
   * @param runId the run that caused the refusal, or {@code null}
   */
  record Declined(String reason, String runId) implements RunOutcome {}

  /** Returns the run this outcome names, or {@code null} when none was recorded. */
  default Run runOrNull() {
    if (this instanceof Started s) {
      return s.run();
    }
    if (this instanceof Queued q) {
      return q.run();
    }
    if (this instanceof Replayed r) {
      return r.run();
    }
    return null;
  }
}

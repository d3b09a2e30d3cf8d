package io.flowd.worker.schedule;

import io.flowd.engine.schedule.ScheduleConfig;

/**
 * What a fire did.
 *
 * @param result what happened
 * @param runId the started run, or for a skip the run that was still open; {@code null} otherwise
 * @param current for {@link Result#CHANGED}, the schedule PostgreSQL holds now
 */
public record FireOutcome(Result result, String runId, ScheduleConfig current) {

  /** The possible results of a fire. */
  public enum Result {
    /** A run was created and started. */
    STARTED,
    /** The previous scheduled run was still open; the skip was recorded. */
    SKIPPED,
    /** PostgreSQL holds another schedule (or a pause) than the workflow fired by; nothing ran. */
    CHANGED,
    /** The flowd workflow no longer exists; the schedule ends. */
    GONE,
    /** {@code buffer_one}: a scheduled run is open; the fire waits for it to close. */
    BUFFERED
  }
}

package io.flowd.worker.schedule;

import io.temporal.activity.ActivityInterface;

/** The PostgreSQL and Temporal side effects of a schedule workflow; every call is idempotent. */
@ActivityInterface(namePrefix = "Schedule")
public interface ScheduleActivities {

  /** Writes the workflow's {@code next_run_at}; {@code null} clears it. */
  void setNextRunAt(String tenantId, String workflowId, Long nextFireAtMillis);

  /**
   * Fires once: skips (and records the skip) when the previous scheduled run is still open, else
   * records the run ({@code trigger_type: "schedule"}, payload {@code {"scheduled_at"}}) and starts
   * its graph execution.
   */
  FireOutcome fire(FireRequest request);
}

package io.flowd.worker.schedule;

import io.flowd.engine.schedule.ScheduleConfig;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The PostgreSQL and Temporal side effects of a schedule workflow; every call is idempotent. */
@ActivityInterface(namePrefix = "Schedule")
public interface ScheduleActivities {

  /**
   * Writes the workflow's {@code next_run_at} ({@code null} clears it), unless the row no longer
   * holds {@code config}: then the change's own signal is on its way.
   */
  void setNextRunAt(
      String tenantId, String workflowId, ScheduleConfig config, Long nextFireAtMillis);

  /**
   * Fires once: skips (and records the skip) when the previous scheduled run is still open, else
   * records the run ({@code trigger_type: "schedule"}, payload {@code {"scheduled_at"}}) and starts
   * its graph execution.
   */
  FireOutcome fire(FireRequest request);

  /**
   * Records fires missed during downtime and older than the catch-up window as skipped (reason
   * {@code missed}), and writes {@code next} as {@code next_run_at}; returns {@code false} when the
   * flowd workflow is gone.
   */
  boolean recordMissed(
      String tenantId, String workflowId, ScheduleConfig config, List<Long> missed, Long next);
}

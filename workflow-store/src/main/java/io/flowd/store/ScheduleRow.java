package io.flowd.store;

import java.time.Instant;

/**
 * A workflow's schedule as PostgreSQL holds it, the source of truth for its schedule workflow.
 *
 * @param tenantId the workflow's tenant
 * @param workflowId the workflow's id
 * @param scheduleType {@code manual}, {@code cron} or {@code interval}
 * @param scheduleValue the cron expression or interval, or {@code null}
 * @param scheduleTimezone the IANA zone of a cron schedule
 * @param isActive whether schedule and webhook are live
 * @param nextRunAt the published next fire time, or {@code null}; after downtime, the oldest fire
 *     nobody handled
 * @param scheduleOverlap what a fire does while an earlier scheduled run is open
 * @param scheduleCatchupSeconds how late a missed fire may still run
 */
public record ScheduleRow(
    String tenantId,
    String workflowId,
    String scheduleType,
    String scheduleValue,
    String scheduleTimezone,
    boolean isActive,
    Instant nextRunAt,
    String scheduleOverlap,
    int scheduleCatchupSeconds) {

  /** Returns whether this workflow should fire on its own: active with a cron or interval. */
  public boolean firesOnItsOwn() {
    return isActive && ("cron".equals(scheduleType) || "interval".equals(scheduleType));
  }
}

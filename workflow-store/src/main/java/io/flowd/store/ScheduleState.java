package io.flowd.store;

import java.time.Instant;

/**
 * A schedule as a schedule workflow or the API last computed it, with its next fire time; {@link
 * ScheduleDao#setNextRunAtIfCurrent} binds its accessors by name.
 *
 * @param workflowId the workflow
 * @param scheduleType {@code cron} or {@code interval} (or {@code manual})
 * @param scheduleValue the cron expression or interval, or {@code null}
 * @param scheduleTimezone the IANA zone
 * @param isActive whether the workflow is active
 * @param next the next fire time, or {@code null}
 */
public record ScheduleState(
    String workflowId,
    String scheduleType,
    String scheduleValue,
    String scheduleTimezone,
    boolean isActive,
    Instant next) {}

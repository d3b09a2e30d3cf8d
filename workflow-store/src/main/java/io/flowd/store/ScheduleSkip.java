package io.flowd.store;

import java.time.Instant;

/**
 * A fire time a schedule did not run.
 *
 * @param scheduledAt the fire time
 * @param reason {@code overlap} (a scheduled run was still open) or {@code missed} (it came due
 *     while flowd was down and was older than the catch-up window when flowd was back)
 * @param openRunId for {@code overlap}, the run that was open; else {@code null}
 */
public record ScheduleSkip(Instant scheduledAt, String reason, String openRunId) {}

package io.flowd.engine.schedule;

/**
 * The state a schedule workflow starts (or continues as new) with.
 *
 * @param tenantId the flowd workflow's tenant
 * @param workflowId the flowd workflow it fires
 * @param config its schedule
 * @param anchorMillis the last fire time, from which an interval counts (epoch milliseconds), or
 *     {@code null} to count from now
 * @param cursorMillis the next fire time to handle, possibly past (carried over continue-as-new),
 *     or {@code null} to compute it
 * @param bufferedMillis a {@code buffer_one} fire waiting for the open run, or {@code null}
 * @param resumeFromMillis the {@code next_run_at} PostgreSQL held when this schedule workflow was
 *     started: when it is past, the fires since then were missed (flowd was down) and are caught up
 */
public record ScheduleInput(
    String tenantId,
    String workflowId,
    ScheduleConfig config,
    Long anchorMillis,
    Long cursorMillis,
    Long bufferedMillis,
    Long resumeFromMillis) {

  /** Creates an input without catch-up state. */
  public ScheduleInput(
      String tenantId, String workflowId, ScheduleConfig config, Long anchorMillis) {
    this(tenantId, workflowId, config, anchorMillis, null, null, null);
  }
}

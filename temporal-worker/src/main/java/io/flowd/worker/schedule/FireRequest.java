package io.flowd.worker.schedule;

import io.flowd.engine.schedule.ScheduleConfig;

/**
 * One fire of a schedule.
 *
 * @param tenantId the flowd workflow's tenant
 * @param workflowId the flowd workflow to run
 * @param scheduledAtMillis the fire time (epoch milliseconds), the run's {@code scheduled_at}
 * @param runId the id the new run gets, fixed in workflow history so a retried fire reuses it
 * @param config the schedule the workflow fires by; a fire is refused when PostgreSQL holds another
 * @param policy the overlap policy to apply to this fire ({@code allow} for a late fire of a
 *     catch-up); {@code null} for the original behaviour ({@code skip})
 * @param followingMillis the fire time after this one, written as {@code next_run_at} in the same
 *     transaction (so a restart in the middle of a catch-up resumes after this fire), or {@code
 *     null}
 * @param bufferTaken for {@code buffer_one}: another fire already waits, so this one is skipped
 */
public record FireRequest(
    String tenantId,
    String workflowId,
    long scheduledAtMillis,
    String runId,
    ScheduleConfig config,
    String policy,
    Long followingMillis,
    boolean bufferTaken) {

  /** Creates a request of the original behaviour (skip while a scheduled run is open). */
  public FireRequest(
      String tenantId,
      String workflowId,
      long scheduledAtMillis,
      String runId,
      ScheduleConfig config) {
    this(tenantId, workflowId, scheduledAtMillis, runId, config, null, null, false);
  }
}

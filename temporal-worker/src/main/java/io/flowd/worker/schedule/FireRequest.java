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
 */
public record FireRequest(
    String tenantId,
    String workflowId,
    long scheduledAtMillis,
    String runId,
    ScheduleConfig config) {}

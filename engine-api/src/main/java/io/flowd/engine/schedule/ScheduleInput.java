package io.flowd.engine.schedule;

/**
 * The state a schedule workflow starts (or continues as new) with.
 *
 * @param tenantId the flowd workflow's tenant
 * @param workflowId the flowd workflow it fires
 * @param config its schedule
 * @param anchorMillis the last fire time, from which an interval counts (epoch milliseconds), or
 *     {@code null} to count from now
 */
public record ScheduleInput(
    String tenantId, String workflowId, ScheduleConfig config, Long anchorMillis) {}

package io.flowd.model;

/**
 * Identifies a run in activities and bookkeeping.
 *
 * @param tenantId the run's tenant
 * @param workflowId the flowd workflow it runs
 * @param workflowVersion the version it runs
 * @param runId the run's id
 */
public record RunRef(String tenantId, String workflowId, int workflowVersion, String runId) {}

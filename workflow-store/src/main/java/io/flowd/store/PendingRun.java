package io.flowd.store;

/**
 * A run accepted in PostgreSQL whose Temporal execution is not confirmed yet.
 *
 * @param tenantId the run's tenant
 * @param id the run's id
 * @param workflowId the workflow it runs
 */
public record PendingRun(String tenantId, String id, String workflowId) {}

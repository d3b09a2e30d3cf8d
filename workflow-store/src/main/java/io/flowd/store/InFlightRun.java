package io.flowd.store;

/**
 * A run PostgreSQL believes to be in flight on Temporal.
 *
 * @param tenantId the run's tenant
 * @param id the run's id
 * @param workflowId the workflow it runs
 * @param status {@code pending} (already dispatched), {@code running} or {@code waiting}
 * @param temporalWorkflowId the id of its Temporal execution
 */
public record InFlightRun(
    String tenantId, String id, String workflowId, String status, String temporalWorkflowId) {}

package io.flowd.store;

/**
 * A run that has not ended yet, as needed to stop it.
 *
 * @param id the run's id
 * @param temporalWorkflowId the id of its Temporal execution
 * @param dispatched whether Temporal confirmed its start
 */
public record OpenRun(String id, String temporalWorkflowId, boolean dispatched) {}

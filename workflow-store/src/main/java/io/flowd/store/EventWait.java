package io.flowd.store;

/**
 * A {@code wait_for_event} node of an open run that an event may reach.
 *
 * @param runId the waiting run
 * @param nodeId the waiting node
 * @param workflowId the run's workflow
 * @param workflowVersion the run's workflow version
 * @param temporalWorkflowId the run's execution
 */
public record EventWait(
    String runId,
    String nodeId,
    String workflowId,
    int workflowVersion,
    String temporalWorkflowId) {}

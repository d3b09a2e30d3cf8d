package io.flowd.store;

/**
 * An active workflow whose current version has a broker trigger.
 *
 * @param tenantId its tenant
 * @param workflowId its id
 * @param version its current version
 */
public record ActiveBrokerWorkflow(String tenantId, String workflowId, int version) {}

package io.flowd.store;

/**
 * The workflow a webhook token belongs to.
 *
 * @param tenantId the workflow's tenant
 * @param workflowId the workflow's id
 * @param token the stored token, for the constant-time comparison
 * @param isActive whether the workflow accepts calls
 */
public record WebhookTarget(String tenantId, String workflowId, String token, boolean isActive) {}

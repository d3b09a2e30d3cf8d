package io.flowd.store;

import java.time.Instant;

/**
 * A workflow the purger checks.
 *
 * @param tenantId its tenant
 * @param workflowId its id
 * @param retentionJson its own retention policy as JSON, or {@code null} for the service default
 * @param deletedAt when it was deleted, or {@code null} while it is visible
 */
public record RetentionTarget(
    String tenantId, String workflowId, String retentionJson, Instant deletedAt) {}

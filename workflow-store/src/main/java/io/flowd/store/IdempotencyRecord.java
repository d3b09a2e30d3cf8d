package io.flowd.store;

import java.util.UUID;

/**
 * What an idempotency key stands for.
 *
 * @param key the key
 * @param fingerprint hash of workflow id and canonical request body
 * @param workflowId the workflow the key was used with
 * @param runId the run it started
 */
public record IdempotencyRecord(UUID key, String fingerprint, String workflowId, String runId) {}

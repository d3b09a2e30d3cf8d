package io.flowd.store;

import java.time.Instant;

/**
 * An open run as the reconciler sees it.
 *
 * @param tenantId the run's tenant
 * @param id the run's id
 * @param workflowId the workflow it runs
 * @param status {@code pending}, {@code running} or {@code waiting} (or another open status)
 * @param temporalWorkflowId the id of its Temporal execution
 * @param dispatched whether Temporal confirmed its start
 * @param parentRunId the run that started it, or {@code null}
 * @param parentClosed whether that parent has ended (or no longer exists)
 * @param cancelRequested whether a cancel was asked for
 * @param cancelOverdue whether that cancel is older than the grace period
 * @param createdAt when the run was accepted (the page's cursor, with the id)
 */
public record OpenRunState(
    String tenantId,
    String id,
    String workflowId,
    String status,
    String temporalWorkflowId,
    boolean dispatched,
    String parentRunId,
    boolean parentClosed,
    boolean cancelRequested,
    boolean cancelOverdue,
    Instant createdAt) {}

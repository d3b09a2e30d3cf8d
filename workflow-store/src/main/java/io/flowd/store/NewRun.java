package io.flowd.store;

import java.time.Instant;

/**
 * A run to record, of any kind (execute, sync, webhook, schedule, child, iterator item, resume):
 * the one shape {@link RunDao#insert} takes.
 *
 * @param id the run's id
 * @param workflowId the workflow it runs
 * @param workflowVersion the version it runs
 * @param triggerType how it was started ({@code manual}, {@code webhook}, {@code schedule}, ...)
 * @param triggerPayload the trigger payload (JSON)
 * @param resumedFromRunId the run it resumes, or {@code null}
 * @param temporalWorkflowId the id of its Temporal execution
 * @param dispatched whether its starter starts it itself (a parent run), so the outbox never does
 * @param parentRunId the run that started it (a child run), or {@code null}
 * @param scheduledAt the fire time of a {@code schedule} run (schedule or backfill), or {@code
 *     null}; PostgreSQL keeps one run per workflow and fire time
 * @param status {@code pending}, or what a concurrency limit decided: {@code queued} or {@code
 *     cancelled}
 * @param concurrencyKey the rendered concurrency key, or {@code null} when the workflow has no
 *     limit
 * @param errorMessage why the run was recorded {@code cancelled}, or {@code null}
 */
public record NewRun(
    String id,
    String workflowId,
    int workflowVersion,
    String triggerType,
    String triggerPayload,
    String resumedFromRunId,
    String temporalWorkflowId,
    boolean dispatched,
    String parentRunId,
    Instant scheduledAt,
    String status,
    String concurrencyKey,
    String errorMessage) {}

package io.flowd.store;

import java.time.Instant;

/**
 * The filters of a workflow's log list; every field but the workflow is optional.
 *
 * @param workflowId the workflow whose logs are listed
 * @param runId logs of this run, or {@code null}
 * @param nodeId logs of this node, or {@code null}
 * @param status logs of this status, or {@code null}
 * @param since logs written at or after this instant, or {@code null}
 */
public record LogFilter(
    String workflowId, String runId, String nodeId, String status, Instant since) {}

package io.flowd.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Workflow;
import java.time.Instant;

/**
 * A run to record: every run kind (execute, sync, webhook, schedule, child, iterator item, resume,
 * rerun, failure) is written by {@link RunRecorder#record} from one of these.
 *
 * @param tenantId the tenant
 * @param runId the new run's id
 * @param workflow the workflow version the run runs (its concurrency settings admit the run)
 * @param triggerType the contract's trigger type, such as {@code manual} or {@code failure}
 * @param triggerPayload what the trigger received
 * @param resumedFromRunId the run this one resumes or re-runs, or {@code null}
 * @param startedByCaller whether the caller starts the Temporal execution itself (child runs), so
 *     the outbox never does
 * @param parentRunId the run that started this one (a child run), or {@code null}
 * @param scheduledAt the fire time of a schedule run, or {@code null}; one run per fire time
 */
public record RunToRecord(
    String tenantId,
    String runId,
    Workflow workflow,
    String triggerType,
    JsonNode triggerPayload,
    String resumedFromRunId,
    boolean startedByCaller,
    String parentRunId,
    Instant scheduledAt) {

  /** A run no other run started, without a fire time. */
  public RunToRecord(
      String tenantId,
      String runId,
      Workflow workflow,
      String triggerType,
      JsonNode triggerPayload,
      String resumedFromRunId,
      boolean startedByCaller) {
    this(
        tenantId,
        runId,
        workflow,
        triggerType,
        triggerPayload,
        resumedFromRunId,
        startedByCaller,
        null,
        null);
  }
}

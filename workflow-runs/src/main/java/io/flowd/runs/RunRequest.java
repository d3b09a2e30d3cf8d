package io.flowd.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Workflow;
import java.time.Instant;
import java.util.UUID;

/**
 * A request to start one run, whatever triggered it. Build one with {@link #of} and the {@code
 * with*} methods.
 *
 * @param tenantId the tenant
 * @param workflow the workflow version to run
 * @param trigger what started the run
 * @param payload the trigger payload the run receives
 * @param idempotencyKey the caller's idempotency key, or {@code null}
 * @param fingerprintBody what the key's fingerprint is computed from (the request body)
 * @param runId the new run's id, or {@code null} for a fresh one (a schedule fire and a child run
 *     derive theirs, so a retry names the same run)
 * @param resumedFromRunId the run this one resumes or re-runs, or {@code null}
 * @param resumeStateJson the state a resumed run starts from, or {@code null}
 * @param parentRunId the run that started this one (child runs, iterator items), or {@code null}
 * @param scheduledAt the fire time of a schedule or backfill run (one run per fire time), or {@code
 *     null}
 * @param guard the caller's check in the recording transaction, or {@code null}
 */
public record RunRequest(
    String tenantId,
    Workflow workflow,
    TriggerType trigger,
    JsonNode payload,
    UUID idempotencyKey,
    JsonNode fingerprintBody,
    String runId,
    String resumedFromRunId,
    String resumeStateJson,
    String parentRunId,
    Instant scheduledAt,
    RunGuard guard) {

  /** A request without key, fixed id, parent, fire time or guard. */
  public static RunRequest of(
      String tenantId, Workflow workflow, TriggerType trigger, JsonNode payload) {
    return new RunRequest(
        tenantId, workflow, trigger, payload, null, null, null, null, null, null, null, null);
  }

  /** With the caller's idempotency key (may be {@code null}) and the body it fingerprints. */
  public RunRequest withIdempotencyKey(UUID key, JsonNode body) {
    return new RunRequest(
        tenantId,
        workflow,
        trigger,
        payload,
        key,
        body,
        runId,
        resumedFromRunId,
        resumeStateJson,
        parentRunId,
        scheduledAt,
        guard);
  }

  /** With a run id chosen by the caller. */
  public RunRequest withRunId(String id) {
    return new RunRequest(
        tenantId,
        workflow,
        trigger,
        payload,
        idempotencyKey,
        fingerprintBody,
        id,
        resumedFromRunId,
        resumeStateJson,
        parentRunId,
        scheduledAt,
        guard);
  }

  /** As a resume or re-run of {@code oldRunId}, starting from {@code stateJson} (or null). */
  public RunRequest withResumedFrom(String oldRunId, String stateJson) {
    return new RunRequest(
        tenantId,
        workflow,
        trigger,
        payload,
        idempotencyKey,
        fingerprintBody,
        runId,
        oldRunId,
        stateJson,
        parentRunId,
        scheduledAt,
        guard);
  }

  /** As a run started by {@code parent}, which starts its Temporal execution itself. */
  public RunRequest withParent(String parent) {
    return new RunRequest(
        tenantId,
        workflow,
        trigger,
        payload,
        idempotencyKey,
        fingerprintBody,
        runId,
        resumedFromRunId,
        resumeStateJson,
        parent,
        scheduledAt,
        guard);
  }

  /** With the fire time of a schedule or backfill run. */
  public RunRequest withScheduledAt(Instant at) {
    return new RunRequest(
        tenantId,
        workflow,
        trigger,
        payload,
        idempotencyKey,
        fingerprintBody,
        runId,
        resumedFromRunId,
        resumeStateJson,
        parentRunId,
        at,
        guard);
  }

  /** With a check run in the recording transaction before the insert. */
  public RunRequest withGuard(RunGuard check) {
    return new RunRequest(
        tenantId,
        workflow,
        trigger,
        payload,
        idempotencyKey,
        fingerprintBody,
        runId,
        resumedFromRunId,
        resumeStateJson,
        parentRunId,
        scheduledAt,
        check);
  }

  /** Whether the caller starts the Temporal execution (a child run of a running workflow). */
  public boolean startedByCaller() {
    return trigger == TriggerType.CHILD || trigger == TriggerType.ITERATOR_ITEM;
  }
}

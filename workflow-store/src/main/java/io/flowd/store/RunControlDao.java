package io.flowd.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Run writes outside the plain run lifecycle: the {@code running ⇄ waiting} moves of {@code
 * wait_for_input}, cancelling a never-dispatched run, and the resume state of a resumed run. Every
 * write is idempotent.
 */
public interface RunControlDao {

  /** Moves a running run to {@code waiting}. */
  @SqlUpdate(
      "UPDATE runs SET status = 'waiting' WHERE tenant_id = :tenantId AND id = :id"
          + " AND status = 'running'")
  int markWaiting(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /** Moves a waiting run back to {@code running}. */
  @SqlUpdate(
      "UPDATE runs SET status = 'running' WHERE tenant_id = :tenantId AND id = :id"
          + " AND status = 'waiting'")
  int markResumed(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /**
   * Marks a run cancelled while it is still {@code pending} and was never handed to Temporal, or
   * while it is {@code queued}; neither the outbox nor the queue sweeper then starts it. Returns 1
   * when it did.
   */
  @SqlUpdate(
      "UPDATE runs SET status = 'cancelled', error_message = 'Run was cancelled',"
          + " completed_at = clock_timestamp() WHERE tenant_id = :tenantId AND id = :id"
          + " AND ((status = 'pending' AND dispatched_at IS NULL) OR status = 'queued')")
  int cancelUndispatched(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /** Stores a resumed run's resume state (JSON). */
  @SqlUpdate(
      "UPDATE runs SET resume_state = CAST(:state AS jsonb) WHERE tenant_id = :tenantId"
          + " AND id = :id")
  int setResumeState(
      @Bind("tenantId") String tenantId, @Bind("id") String id, @Bind("state") String stateJson);

  /** Returns a resumed run's resume state (JSON), empty for other runs. */
  @SqlQuery(
      "SELECT resume_state::text FROM runs WHERE tenant_id = :tenantId AND id = :id"
          + " AND resume_state IS NOT NULL")
  Optional<String> resumeState(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /**
   * Holds the run's row until the transaction ends, so the purger (which skips locked runs) cannot
   * delete it; returns whether the run still exists.
   */
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM runs WHERE tenant_id = :tenantId AND id = :id FOR KEY SHARE)")
  boolean holdRun(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /** Records that {@code nodeId} waits for input; a second call keeps the first row. */
  @SqlUpdate(
      "INSERT INTO run_waits (run_id, node_id, tenant_id, prompt, expires_at) VALUES (:runId,"
          + " :nodeId, :tenantId, :prompt, :expiresAt) ON CONFLICT (run_id, node_id) DO NOTHING")
  int openWait(
      @Bind("tenantId") String tenantId,
      @Bind("runId") String runId,
      @Bind("nodeId") String nodeId,
      @Bind("prompt") String prompt,
      @Bind("expiresAt") java.time.OffsetDateTime expiresAt);

  /** Records that {@code nodeId} no longer waits. */
  @SqlUpdate(
      "DELETE FROM run_waits WHERE tenant_id = :tenantId AND run_id = :runId"
          + " AND node_id = :nodeId")
  int closeWait(
      @Bind("tenantId") String tenantId,
      @Bind("runId") String runId,
      @Bind("nodeId") String nodeId);

  /** Returns the nodes of the run that wait for input now, in the order they began to wait. */
  @SqlQuery(
      "SELECT node_id FROM run_waits WHERE tenant_id = :tenantId AND run_id = :runId"
          + " ORDER BY created_at, node_id")
  java.util.List<String> waitingNodes(
      @Bind("tenantId") String tenantId, @Bind("runId") String runId);
}

package io.flowd.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Run writes outside the plain run lifecycle: child runs started by a parent run, the {@code
 * running ⇄ waiting} moves of {@code wait_for_input}, cancelling a never-dispatched run, and the
 * resume state of a resumed run. Every write is idempotent.
 */
public interface RunControlDao {

  /**
   * Records a child run ({@code pending}, already dispatched: its parent starts it, never the
   * outbox) of the run {@code parentRunId}; a second call with the same id changes nothing. Returns
   * the rows inserted.
   */
  @SqlUpdate(
      "INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, status, trigger_type,"
          + " trigger_payload, temporal_workflow_id, dispatched_at, parent_run_id) VALUES (:id,"
          + " :tenantId, :workflowId, :version, 'pending', :triggerType, CAST(:payload AS jsonb),"
          + " :temporalWorkflowId, clock_timestamp(), :parentRunId) ON CONFLICT (id) DO NOTHING")
  int insertChild(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("workflowId") String workflowId,
      @Bind("version") int version,
      @Bind("triggerType") String triggerType,
      @Bind("payload") String payloadJson,
      @Bind("temporalWorkflowId") String temporalWorkflowId,
      @Bind("parentRunId") String parentRunId);

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
   * Marks a run cancelled while it is still {@code pending} and was never handed to Temporal; the
   * outbox sweeper then never starts it. Returns 1 when it did.
   */
  @SqlUpdate(
      "UPDATE runs SET status = 'cancelled', error_message = 'Run was cancelled',"
          + " completed_at = clock_timestamp() WHERE tenant_id = :tenantId AND id = :id"
          + " AND status = 'pending' AND dispatched_at IS NULL")
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
}

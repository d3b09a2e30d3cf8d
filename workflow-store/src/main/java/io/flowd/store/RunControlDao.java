package io.flowd.store;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Run writes of the interpreter's control nodes: child runs started by a parent run, and the {@code
 * running ⇄ waiting} moves of {@code wait_for_input}. Every write is idempotent.
 */
public interface RunControlDao {

  /**
   * Records a child run ({@code pending}, already dispatched: its parent starts it, never the
   * outbox); a second call with the same id changes nothing. Returns the rows inserted.
   */
  @SqlUpdate(
      "INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, status, trigger_type,"
          + " trigger_payload, temporal_workflow_id, dispatched_at) VALUES (:id, :tenantId,"
          + " :workflowId, :version, 'pending', :triggerType, CAST(:payload AS jsonb),"
          + " :temporalWorkflowId, clock_timestamp()) ON CONFLICT (id) DO NOTHING")
  int insertChild(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("workflowId") String workflowId,
      @Bind("version") int version,
      @Bind("triggerType") String triggerType,
      @Bind("payload") String payloadJson,
      @Bind("temporalWorkflowId") String temporalWorkflowId);

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
}

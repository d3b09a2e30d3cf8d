package io.flowd.store;

import io.flowd.model.RunLog;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Node logs, one row per attempt. Writes are upserts on {@code (run_id, node_id, attempt)}, so an
 * activity delivered twice never logs twice.
 */
public interface RunLogDao {
  /** Columns of a log row. */
  String COLUMNS =
      "id, run_id, node_id, component_id, status, output::text AS output, attempt, duration_ms,"
          + " created_at";

  @SqlUpdate(
      "INSERT INTO run_logs (id, tenant_id, run_id, workflow_id, node_id, component_id, status,"
          + " output, attempt, duration_ms) VALUES (:id, :tenantId, :runId, :workflowId, :nodeId,"
          + " :componentId, :status, CAST(:output AS jsonb), :attempt, :durationMs)"
          + " ON CONFLICT (run_id, node_id, attempt) DO UPDATE SET status = excluded.status,"
          + " output = excluded.output, duration_ms = excluded.duration_ms")
  void upsert(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("runId") String runId,
      @Bind("workflowId") String workflowId,
      @Bind("nodeId") String nodeId,
      @Bind("componentId") String componentId,
      @Bind("status") String status,
      @Bind("output") String outputJson,
      @Bind("attempt") int attempt,
      @Bind("durationMs") long durationMs);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM run_logs WHERE tenant_id = :tenantId AND run_id = :runId ORDER BY created_at,"
          + " seq")
  List<RunLog> forRun(@Bind("tenantId") String tenantId, @Bind("runId") String runId);
}

package io.flowd.store;

import io.flowd.model.RunLog;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
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

  /** Inserts a log row, or updates the row of the same run, node and attempt. */
  String UPSERT =
      "INSERT INTO run_logs (id, tenant_id, run_id, workflow_id, node_id, component_id, status,"
          + " output, attempt, duration_ms) VALUES (:id, :tenantId, :runId, :workflowId, :nodeId,"
          + " :componentId, :status, CAST(:output AS jsonb), :attempt, :durationMs)"
          + " ON CONFLICT (run_id, node_id, attempt) DO UPDATE SET status = excluded.status,"
          + " output = excluded.output, duration_ms = excluded.duration_ms";

  @SqlUpdate(UPSERT)
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

  /**
   * Upserts the logs of one run in a single JDBC batch (one round trip), in list order; the lists
   * are parallel, one element per log.
   */
  @SqlBatch(UPSERT)
  void upsertAll(
      @Bind("tenantId") String tenantId,
      @Bind("id") List<String> ids,
      @Bind("runId") String runId,
      @Bind("workflowId") String workflowId,
      @Bind("nodeId") List<String> nodeIds,
      @Bind("componentId") List<String> componentIds,
      @Bind("status") List<String> statuses,
      @Bind("output") List<String> outputJson,
      @Bind("attempt") List<Integer> attempts,
      @Bind("durationMs") List<Long> durationsMs);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM run_logs WHERE tenant_id = :tenantId AND run_id = :runId ORDER BY created_at,"
          + " seq")
  List<RunLog> forRun(@Bind("tenantId") String tenantId, @Bind("runId") String runId);
}

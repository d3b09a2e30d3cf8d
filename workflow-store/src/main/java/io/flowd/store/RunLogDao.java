package io.flowd.store;

import io.flowd.model.RunLog;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Node logs, one row per attempt, each with the handle the node left by ({@code null} for a plain
 * success and in rows written before the column existed). Writes are upserts on {@code (run_id,
 * node_id, attempt)}, so an activity delivered twice never logs twice.
 */
public interface RunLogDao {
  /** Columns of a log row. */
  String COLUMNS =
      "id, run_id, node_id, component_id, status, output::text AS output, attempt, duration_ms,"
          + " created_at, handle, console::text AS console";

  /** What an upsert of a row that exists (same run, node and attempt) changes. */
  String UPSERT_CONFLICT =
      " ON CONFLICT (run_id, node_id, attempt) DO UPDATE SET status = excluded.status,"
          + " output = excluded.output, duration_ms = excluded.duration_ms,"
          + " handle = excluded.handle, console = excluded.console";

  /** Inserts a log row, or updates the row of the same run, node and attempt. */
  String UPSERT =
      "INSERT INTO run_logs (id, tenant_id, run_id, workflow_id, node_id, component_id, status,"
          + " output, attempt, duration_ms, handle, console) VALUES (:id, :tenantId, :runId,"
          + " :workflowId, :nodeId, :componentId, :status, CAST(:outputJson AS jsonb), :attempt,"
          + " :durationMs, :handle, CAST(:consoleJson AS jsonb))"
          + UPSERT_CONFLICT;

  /**
   * Upserts the rows of {@code :rows}, a JSON array of {@link LogRows} objects, of run {@code
   * :runId} in array order, in one statement (so it can sit in a {@code WITH} beside the run's own
   * status update). Each row's output travels wrapped as {@code {"v": output}}, so a JSON {@code
   * null} output stays {@code null} JSON and a missing one stays SQL {@code NULL}.
   */
  String UPSERT_ROWS =
      "INSERT INTO run_logs (id, tenant_id, run_id, workflow_id, node_id, component_id, status,"
          + " output, attempt, duration_ms, handle, console) SELECT r.id, :tenantId, :runId,"
          + " :workflowId, r.node_id, r.component_id, r.status, r.output -> 'v', r.attempt,"
          + " r.duration_ms, r.handle, r.console FROM ROWS FROM (jsonb_to_recordset(CAST(:rows AS"
          + " jsonb)) AS (id text, node_id text, component_id text, status text, output jsonb,"
          + " attempt integer, duration_ms bigint, handle text, console jsonb)) WITH ORDINALITY AS"
          + " r(id, node_id, component_id, status, output, attempt, duration_ms, handle, console, n)"
          + " ORDER BY r.n"
          + UPSERT_CONFLICT;

  @SqlUpdate(UPSERT)
  void upsert(@Bind("tenantId") String tenantId, @BindMethods NewRunLog log);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM run_logs WHERE tenant_id = :tenantId AND run_id = :runId ORDER BY created_at,"
          + " seq")
  List<RunLog> forRun(@Bind("tenantId") String tenantId, @Bind("runId") String runId);

  /**
   * Returns the output (JSON) an earlier attempt of the node logged with {@code success}, if any: a
   * re-delivered attempt returns it instead of calling again.
   */
  @SqlQuery(
      "SELECT output::text FROM run_logs WHERE tenant_id = :tenantId AND run_id = :runId"
          + " AND node_id = :nodeId AND status = 'success' ORDER BY attempt DESC LIMIT 1")
  Optional<String> successOutput(
      @Bind("tenantId") String tenantId,
      @Bind("runId") String runId,
      @Bind("nodeId") String nodeId);

  /** The filter of a workflow's log list; every condition is optional. */
  String FILTER =
      " FROM run_logs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND (CAST(:runId AS text) IS NULL OR run_id = :runId)"
          + " AND (CAST(:nodeId AS text) IS NULL OR node_id = :nodeId)"
          + " AND (CAST(:status AS text) IS NULL OR status = :status)"
          + " AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)";

  /** Returns a page of the workflow's logs, newest first. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + FILTER
          + " ORDER BY created_at DESC, seq DESC LIMIT :limit OFFSET :offset")
  List<RunLog> page(
      @Bind("tenantId") String tenantId,
      @BindMethods LogFilter filter,
      @Bind("limit") int limit,
      @Bind("offset") long offset);

  @SqlQuery("SELECT count(*)" + FILTER)
  long count(@Bind("tenantId") String tenantId, @BindMethods LogFilter filter);

  /** Returns the tenant's newest logs across all its workflows. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM run_logs WHERE tenant_id = :tenantId ORDER BY created_at DESC, seq DESC"
          + " LIMIT :limit")
  List<RunLog> recent(@Bind("tenantId") String tenantId, @Bind("limit") int limit);

  /** Returns how many of the workflow's logs have each status, as {@code status → count} rows. */
  @SqlQuery(
      "SELECT status, count(*) AS logs FROM run_logs WHERE tenant_id = :tenantId"
          + " AND workflow_id = :workflowId GROUP BY status ORDER BY status")
  @RegisterConstructorMapper(StatusCount.class)
  List<StatusCount> statusCounts(
      @Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);

  @SqlUpdate("DELETE FROM run_logs WHERE tenant_id = :tenantId AND workflow_id = :workflowId")
  int deleteForWorkflow(@Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);
}

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

  @SqlUpdate(Sql.LOG_UPSERT)
  void upsert(@Bind("tenantId") String tenantId, @BindMethods NewRunLog log);

  @SqlQuery(
      "SELECT "
          + Sql.LOG_COLUMNS
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

  /** Returns a page of the workflow's logs, newest first. */
  @SqlQuery(
      "SELECT "
          + Sql.LOG_COLUMNS
          + Sql.LOG_FILTER
          + " ORDER BY created_at DESC, seq DESC LIMIT :limit OFFSET :offset")
  List<RunLog> page(
      @Bind("tenantId") String tenantId,
      @BindMethods LogFilter filter,
      @Bind("limit") int limit,
      @Bind("offset") long offset);

  @SqlQuery("SELECT count(*)" + Sql.LOG_FILTER)
  long count(@Bind("tenantId") String tenantId, @BindMethods LogFilter filter);

  /** Returns the tenant's newest logs across all its workflows. */
  @SqlQuery(
      "SELECT "
          + Sql.LOG_COLUMNS
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

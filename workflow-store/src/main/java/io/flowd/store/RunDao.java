package io.flowd.store;

import io.flowd.model.Run;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Runs. Status moves {@code pending → running → completed | failed | cancelled}; the updates below
 * never move a run backwards, so a re-delivered bookkeeping call changes nothing.
 */
public interface RunDao {

  /**
   * Records a run of any kind, with the status its admission decided ({@code pending}, {@code
   * queued}, or {@code cancelled} with its error message), and returns the row as stored; a second
   * call with the same id (an activity's retry), or a second run of the same workflow and fire
   * time, changes nothing and returns empty.
   */
  @SqlQuery(Sql.RUN_INSERT + " ON CONFLICT DO NOTHING RETURNING " + Sql.RUN_COLUMNS)
  Optional<Run> insert(@Bind("tenantId") String tenantId, @BindMethods NewRun run);

  /** Returns whether the workflow has a run of the fire time {@code scheduledAt}. */
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND scheduled_at = CAST(:scheduledAt AS timestamptz))")
  boolean hasFireTime(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("scheduledAt") java.time.Instant scheduledAt);

  /**
   * Locks a run that still waits for its Temporal start ({@code pending}, never dispatched) for the
   * rest of the transaction, or returns empty when it no longer does or another sweeper holds it.
   */
  @SqlQuery(
      "SELECT "
          + Sql.RUN_COLUMNS
          + " FROM runs WHERE tenant_id = :tenantId AND id = :id AND status = 'pending'"
          + " AND dispatched_at IS NULL FOR UPDATE SKIP LOCKED")
  Optional<Run> lockUndispatched(@Bind("tenantId") String tenantId, @Bind("id") String id);

  @SqlQuery("SELECT " + Sql.RUN_COLUMNS + " FROM runs WHERE tenant_id = :tenantId AND id = :id")
  Optional<Run> find(@Bind("tenantId") String tenantId, @Bind("id") String id);

  @SqlQuery("SELECT workflow_id FROM runs WHERE tenant_id = :tenantId AND id = :id")
  Optional<String> workflowIdOf(@Bind("tenantId") String tenantId, @Bind("id") String id);

  @SqlQuery(
      "SELECT "
          + Sql.RUN_COLUMNS
          + " FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit")
  List<Run> latest(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("limit") int limit);

  @SqlUpdate(Sql.RUN_MARK_RUNNING)
  int markRunning(@Bind("tenantId") String tenantId, @Bind("runId") String id);

  @SqlUpdate(
      "UPDATE runs SET status = :status, error_message = :errorMessage,"
          + " started_at = coalesce(started_at, clock_timestamp()),"
          + " completed_at = clock_timestamp(),"
          + " dispatched_at = coalesce(dispatched_at, clock_timestamp())"
          + " WHERE tenant_id = :tenantId AND id = :id"
          + " AND status NOT IN (<terminal_statuses>)")
  int finish(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("status") String status,
      @Bind("errorMessage") String errorMessage);

  /**
   * Ends the run like {@link #finish} and records its result (JSON, possibly a claim-check
   * reference); the run's waits end with it. Returns 1 when this call ended the run.
   */
  @SqlQuery("WITH " + Sql.RUN_FINISH_WITH_OUTPUT)
  int finishWithOutput(
      @Bind("tenantId") String tenantId,
      @Bind("runId") String id,
      @Bind("status") String status,
      @Bind("errorMessage") String errorMessage,
      @Bind("output") String outputJson);

  /**
   * Marks the run handed to Temporal and returns its status, or empty when the run no longer exists
   * (its workflow was deleted meanwhile).
   */
  @SqlQuery(
      "UPDATE runs SET dispatched_at = coalesce(dispatched_at, clock_timestamp())"
          + " WHERE tenant_id = :tenantId AND id = :id RETURNING status")
  Optional<String> markDispatchedStatus(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /**
   * Returns accepted runs whose Temporal execution was never confirmed, oldest first: the outbox
   * the sweeper drains. This is the one query across tenants; each row names its tenant.
   */
  @CrossTenant("the outbox sweeper drains every tenant's undispatched runs")
  @SqlQuery(
      "SELECT tenant_id, id, workflow_id FROM runs WHERE dispatched_at IS NULL"
          + " AND status = 'pending' AND created_at < clock_timestamp() - make_interval(secs =>"
          + " :olderThanSeconds) ORDER BY created_at LIMIT :limit")
  @RegisterConstructorMapper(PendingRun.class)
  List<PendingRun> undispatched(
      @Bind("olderThanSeconds") double olderThanSeconds, @Bind("limit") int limit);

  /** Returns a page of the workflow's runs, newest first; {@code status} may be {@code null}. */
  @SqlQuery(
      "SELECT "
          + Sql.RUN_COLUMNS
          + " FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND (CAST(:status AS text) IS NULL OR status = :status)"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
  List<Run> page(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("status") String status,
      @Bind("limit") int limit,
      @Bind("offset") long offset);

  @SqlQuery(
      "SELECT count(*) FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND (CAST(:status AS text) IS NULL OR status = :status)")
  long count(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("status") String status);

  /** Returns the workflow's total runs and its completed and failed runs of the last 30 days. */
  @SqlQuery(
      "SELECT count(*) AS total,"
          + " count(*) FILTER (WHERE status = 'completed' AND created_at >= clock_timestamp()"
          + " - interval '30 days') AS recent_completed,"
          + " count(*) FILTER (WHERE status = 'failed' AND created_at >= clock_timestamp()"
          + " - interval '30 days') AS recent_failed"
          + " FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId")
  @RegisterConstructorMapper(RunCounts.class)
  RunCounts counts(@Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);

  /**
   * Returns the workflow's runs that have not ended, oldest first, locked until the transaction
   * ends: a dispatcher marking one of them dispatched waits, then finds it gone.
   */
  @SqlQuery(
      "SELECT id, temporal_workflow_id, dispatched_at IS NOT NULL AS dispatched FROM runs"
          + " WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND status NOT IN (<terminal_statuses>) ORDER BY created_at, id"
          + " FOR UPDATE")
  @RegisterConstructorMapper(OpenRun.class)
  List<OpenRun> open(@Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);

  @SqlUpdate("DELETE FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId")
  int deleteForWorkflow(@Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);
}

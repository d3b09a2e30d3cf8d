package io.flowd.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What schedules and the start-up reconciliation read and write. Every method takes the tenant
 * first, except the two scans the reconciliation runs across tenants, whose rows name the tenant.
 */
public interface ScheduleDao {

  @SqlQuery(
      "SELECT "
          + Sql.SCHEDULE_COLUMNS
          + Sql.SCHEDULE_CURRENT
          + " WHERE w.tenant_id = :tenantId AND w.id = :id AND w.deleted_at IS NULL")
  @RegisterConstructorMapper(ScheduleRow.class)
  Optional<ScheduleRow> find(@Bind("tenantId") String tenantId, @Bind("id") String workflowId);

  /** Returns every active workflow with a cron or interval schedule, across tenants. */
  @CrossTenant("start-up reconciliation: every active schedule of the service")
  @SqlQuery(
      "SELECT "
          + Sql.SCHEDULE_COLUMNS
          + Sql.SCHEDULE_CURRENT
          + " WHERE w.is_active AND w.deleted_at IS NULL AND v.schedule_type IN ('cron', 'interval')"
          + " ORDER BY w.created_at, w.id")
  @RegisterConstructorMapper(ScheduleRow.class)
  List<ScheduleRow> activeScheduled();

  /** Returns whether any version of the workflow had a cron or interval schedule. */
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM workflow_versions WHERE tenant_id = :tenantId"
          + " AND workflow_id = :id AND schedule_type IN ('cron', 'interval'))")
  boolean everScheduled(@Bind("tenantId") String tenantId, @Bind("id") String workflowId);

  /**
   * Writes {@code next_run_at} only while the row still holds this schedule, so a schedule workflow
   * that has not yet heard of a change cannot overwrite the time the API published for it.
   */
  @SqlUpdate(
      "UPDATE workflows w SET next_run_at = CAST(:next AS timestamptz) FROM workflow_versions v"
          + " WHERE v.workflow_id = w.id AND v.version = w.version AND w.tenant_id = :tenantId"
          + " AND w.id = :workflowId AND w.is_active = :isActive AND v.schedule_type = :scheduleType"
          + " AND v.schedule_value IS NOT DISTINCT FROM CAST(:scheduleValue AS text)"
          + " AND v.schedule_timezone = :scheduleTimezone"
          + " AND w.next_run_at IS DISTINCT FROM CAST(:next AS timestamptz)")
  int setNextRunAtIfCurrent(@Bind("tenantId") String tenantId, @BindMethods ScheduleState state);

  /** Returns an open scheduled run of the workflow other than {@code exceptRunId}, if any. */
  @SqlQuery(
      "SELECT id FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND trigger_type = 'schedule' AND status IN ('pending', 'queued', 'running', 'waiting')"
          + " AND id <> :exceptRunId ORDER BY created_at LIMIT 1")
  Optional<String> openScheduledRun(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("exceptRunId") String exceptRunId);

  /** Returns the id of the workflow's run for this fire time, if one was recorded. */
  @SqlQuery(
      "SELECT id FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND scheduled_at = :scheduledAt")
  Optional<String> runAt(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("scheduledAt") Instant scheduledAt);

  /** Returns the workflow's open scheduled runs, oldest first (for {@code cancel_other}). */
  @SqlQuery(
      "SELECT id, temporal_workflow_id, dispatched_at IS NOT NULL AS dispatched FROM runs"
          + " WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND trigger_type = 'schedule' AND status IN ('pending', 'running', 'waiting')"
          + " AND id <> :exceptRunId ORDER BY created_at, id")
  @RegisterConstructorMapper(OpenRun.class)
  List<OpenRun> openScheduledRuns(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("exceptRunId") String exceptRunId);

  @SqlUpdate(
      "INSERT INTO schedule_skips (tenant_id, workflow_id, scheduled_at, open_run_id)"
          + " VALUES (:tenantId, :workflowId, :scheduledAt, :openRunId)"
          + " ON CONFLICT (workflow_id, scheduled_at) DO NOTHING")
  int recordSkip(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("scheduledAt") Instant scheduledAt,
      @Bind("openRunId") String openRunId);

  /** Records a skipped fire with its reason ({@code overlap} or {@code missed}). */
  @SqlUpdate(
      "INSERT INTO schedule_skips (tenant_id, workflow_id, scheduled_at, open_run_id, reason)"
          + " SELECT :tenantId, :workflowId, :scheduledAt, :openRunId, :reason"
          + " WHERE EXISTS (SELECT 1 FROM workflows WHERE tenant_id = :tenantId"
          + " AND id = :workflowId) ON CONFLICT (workflow_id, scheduled_at) DO NOTHING")
  int recordSkipWithReason(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("scheduledAt") Instant scheduledAt,
      @Bind("openRunId") String openRunId,
      @Bind("reason") String reason);

  /** Returns the workflow's latest skips, newest fire time first. */
  @SqlQuery(
      "SELECT scheduled_at, reason, open_run_id FROM schedule_skips WHERE tenant_id = :tenantId"
          + " AND workflow_id = :workflowId ORDER BY scheduled_at DESC LIMIT :limit")
  @RegisterConstructorMapper(ScheduleSkip.class)
  List<ScheduleSkip> latestSkips(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("limit") int limit);

  @SqlQuery(
      "SELECT open_run_id FROM schedule_skips WHERE tenant_id = :tenantId"
          + " AND workflow_id = :workflowId AND scheduled_at = :scheduledAt")
  Optional<String> skipAt(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("scheduledAt") Instant scheduledAt);

  /** Returns the fire times the workflow's schedule skipped, oldest first. */
  @SqlQuery(
      "SELECT scheduled_at FROM schedule_skips WHERE tenant_id = :tenantId"
          + " AND workflow_id = :workflowId ORDER BY scheduled_at")
  List<Instant> skips(@Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);

  /**
   * Returns the runs PostgreSQL believes are on Temporal, across tenants: {@code running}, {@code
   * waiting}, and {@code pending} ones already dispatched (undispatched ones are the outbox's).
   */
  @CrossTenant("start-up reconciliation: every run PostgreSQL believes is on Temporal")
  @SqlQuery(
      "SELECT tenant_id, id, workflow_id, status, temporal_workflow_id FROM runs"
          + " WHERE status IN ('running', 'waiting')"
          + " OR (status = 'pending' AND dispatched_at IS NOT NULL) ORDER BY created_at, id")
  @RegisterConstructorMapper(InFlightRun.class)
  List<InFlightRun> openRuns();

  /** Returns whether the run logged any node other than its trigger. */
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM run_logs l WHERE l.tenant_id = :tenantId"
          + " AND l.run_id = :runId AND l.node_id NOT IN (SELECT n ->> 'id' FROM runs r"
          + " JOIN workflow_versions v ON v.workflow_id = r.workflow_id"
          + " AND v.version = r.workflow_version CROSS JOIN jsonb_array_elements(v.nodes) n"
          + " WHERE r.tenant_id = :tenantId AND r.id = :runId AND n ->> 'type' = 'trigger'))")
  boolean loggedBeyondTrigger(@Bind("tenantId") String tenantId, @Bind("runId") String runId);
}

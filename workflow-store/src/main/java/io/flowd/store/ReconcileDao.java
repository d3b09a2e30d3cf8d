package io.flowd.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What the reconciler reads and writes: open runs across tenants (each row names its tenant),
 * cancel requests, and child runs a closed parent never started.
 */
public interface ReconcileDao {
  /**
   * Returns open runs accepted more than {@code minAgeSeconds} ago, after the cursor {@code
   * (afterCreatedAt, afterId)} in {@code (created_at, id)} order.
   */
  @SqlQuery(
      "SELECT r.tenant_id, r.id, r.workflow_id, r.status, r.temporal_workflow_id,"
          + " r.dispatched_at IS NOT NULL AS dispatched, r.parent_run_id,"
          + " (r.parent_run_id IS NOT NULL AND coalesce(p.status IN (<terminal_statuses>), true)) AS parent_closed,"
          + " r.cancel_requested_at IS NOT NULL AS cancel_requested,"
          + " coalesce(r.cancel_requested_at < clock_timestamp() - make_interval(secs =>"
          + " :graceSeconds), false) AS cancel_overdue, r.created_at"
          + " FROM runs r LEFT JOIN runs p ON p.tenant_id = r.tenant_id AND p.id = r.parent_run_id"
          + " WHERE r.status NOT IN (<terminal_statuses>)"
          + " AND r.created_at < clock_timestamp() - make_interval(secs => :minAgeSeconds)"
          + " AND (r.created_at, r.id) > (:afterCreatedAt, :afterId)"
          + " ORDER BY r.created_at, r.id LIMIT :limit")
  @RegisterConstructorMapper(OpenRunState.class)
  @CrossTenant("the run reconciler: every open run of the service")
  List<OpenRunState> openPage(
      @Bind("minAgeSeconds") double minAgeSeconds,
      @Bind("graceSeconds") double graceSeconds,
      @Bind("afterCreatedAt") Instant afterCreatedAt,
      @Bind("afterId") String afterId,
      @Bind("limit") int limit);

  /** Records that a cancel of the open run was asked for (the first request's time stays). */
  @SqlUpdate(
      "UPDATE runs SET cancel_requested_at = coalesce(cancel_requested_at, clock_timestamp())"
          + " WHERE tenant_id = :tenantId AND id = :id"
          + " AND status NOT IN (<terminal_statuses>)")
  int requestCancel(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /**
   * Marks cancelled the child runs of {@code parentRunId} among {@code runIds} that never started
   * (still {@code pending}, or {@code queued} behind a concurrency limit); returns how many.
   */
  @SqlUpdate(
      "UPDATE runs SET status = 'cancelled', completed_at = clock_timestamp(),"
          + " error_message = :message WHERE tenant_id = :tenantId"
          + " AND parent_run_id = :parentRunId AND status IN ('pending', 'queued')"
          + " AND id = ANY(:runIds)")
  int cancelUnstartedChildren(
      @Bind("tenantId") String tenantId,
      @Bind("parentRunId") String parentRunId,
      @Bind("runIds") List<String> runIds,
      @Bind("message") String message);

  /**
   * Takes the reconciler's lock for the current transaction; false when another process holds it.
   */
  @SqlQuery("SELECT pg_try_advisory_xact_lock(:key)")
  @CrossTenant("one reconciler of the service at a time")
  boolean tryLock(@Bind("key") long key);
}

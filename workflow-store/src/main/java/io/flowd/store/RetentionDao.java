package io.flowd.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The purger's side of the store: the lock that lets one replica purge at a time, the workflows
 * whose runs it checks, and what is left of a deleted workflow. The batch deletion itself is {@link
 * RunPurgeStatement}.
 */
public interface RetentionDao {

  /**
   * Takes the purger's session lock {@code key} on this handle's connection; false when another
   * process holds it. The lock ends with {@link #unlock} or with the connection.
   */
  @CrossTenant("one purger of the service at a time")
  @SqlQuery("SELECT pg_try_advisory_lock(:key)")
  boolean tryLock(@Bind("key") long key);

  /** Releases the session lock {@code key} this handle's connection holds. */
  @CrossTenant("one purger of the service at a time")
  @SqlQuery("SELECT pg_advisory_unlock(:key)")
  boolean unlock(@Bind("key") long key);

  /** Returns up to {@code limit} workflows of every tenant after {@code afterId}, by id. */
  @CrossTenant("the purger checks the runs of every tenant's workflows")
  @SqlQuery(
      "SELECT tenant_id, id AS workflow_id, retention::text AS retention_json, deleted_at"
          + " FROM workflows WHERE id > :after ORDER BY id LIMIT :limit")
  @RegisterConstructorMapper(RetentionTarget.class)
  List<RetentionTarget> workflowsAfter(@Bind("after") String afterId, @Bind("limit") int limit);

  /**
   * Returns the creation time and id of the workflow's {@code keep}-th newest closed run, the
   * newest one {@code keep_last} lets go being the next; empty when it has fewer closed runs.
   */
  @SqlQuery(
      "SELECT created_at AS at, id FROM runs WHERE tenant_id = :tenantId AND workflow_id ="
          + " :workflowId AND status IN (<terminal_statuses>) ORDER BY created_at DESC, id DESC"
          + " OFFSET :keep - 1 LIMIT 1")
  @RegisterConstructorMapper(RunPosition.class)
  Optional<RunPosition> keptBoundary(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("keep") int keep);

  /**
   * Drops a deleted workflow that is past {@code deletedBefore} and holds no runs any more, with
   * its versions and webhook files; returns 1 when it did.
   */
  @SqlUpdate(
      "WITH gone AS (DELETE FROM workflows w WHERE w.tenant_id = :tenantId AND w.id = :workflowId"
          + " AND w.deleted_at < :deletedBefore AND NOT EXISTS (SELECT 1 FROM runs r"
          + " WHERE r.tenant_id = :tenantId AND r.workflow_id = w.id) RETURNING w.id),"
          + " files AS (DELETE FROM payloads p USING gone WHERE p.tenant_id = :tenantId"
          + " AND p.run_id = 'webhook-files:' || gone.id)"
          + " SELECT count(*) FROM gone")
  int dropDeletedWorkflow(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("deletedBefore") Instant deletedBefore);

  /**
   * Deletes up to {@code limit} of the workflow's stored webhook files that no run names any more
   * (their runs were purged, or their delivery started none) and that were last stored before
   * {@code before}; returns how many it deleted. A delivery stores its files again before it
   * records its run, which renews them, so a file about to be named again is never taken.
   */
  @SqlUpdate(
      "DELETE FROM payloads p WHERE p.id IN (SELECT f.id FROM payloads f WHERE f.tenant_id ="
          + " :tenantId AND f.run_id = 'webhook-files:' || :workflowId AND f.created_at < :before"
          + " AND NOT EXISTS (SELECT 1 FROM webhook_file_uses u WHERE u.tenant_id = f.tenant_id"
          + " AND u.payload_id = f.id) LIMIT :limit) AND p.created_at < :before")
  int deleteUnusedWebhookFiles(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("before") Instant before,
      @Bind("limit") int limit);
}

package io.flowd.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Concurrency slots. A run of a workflow with a concurrency limit carries its rendered key; it
 * holds a slot while {@code pending}, {@code running} or {@code waiting}, and waits {@code queued}
 * otherwise. Every decision is taken under {@link #lockKey}, inside the caller's transaction.
 */
public interface ConcurrencyDao {

  /** A key with queued runs. */
  record QueuedKey(String tenantId, String workflowId, String concurrencyKey) {}

  /** A run promoted from {@code queued} to {@code pending}. */
  record Promoted(String id, String workflowId, boolean dispatched) {}

  /** An open run holding a slot. */
  record SlotHolder(String id, String temporalWorkflowId, boolean dispatched) {}

  /** Serialises admissions of one key until the transaction ends. */
  @SqlQuery(
      "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:tenantId || ':' || :workflowId),"
          + " hashtext(:key))) AS locked")
  int lockKey(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("key") String key);

  /** Returns how many runs hold a slot of the key. */
  @SqlQuery(
      "SELECT count(*) FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND concurrency_key = :key AND status IN ('pending', 'running', 'waiting')")
  int holders(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("key") String key);

  /** Returns how many runs of the key are queued. */
  @SqlQuery(
      "SELECT count(*) FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND concurrency_key = :key AND status = 'queued'")
  int queued(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("key") String key);

  /** Returns the oldest run holding a slot of the key, locked. */
  @SqlQuery(
      "SELECT id, temporal_workflow_id, dispatched_at IS NOT NULL AS dispatched FROM runs"
          + " WHERE tenant_id = :tenantId AND workflow_id = :workflowId AND concurrency_key = :key"
          + " AND status IN ('pending', 'running', 'waiting') ORDER BY created_at, id LIMIT 1"
          + " FOR UPDATE")
  @RegisterConstructorMapper(SlotHolder.class)
  Optional<SlotHolder> oldestHolder(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("key") String key);

  /** Returns keys that have queued runs, across tenants (each row names its tenant). */
  @CrossTenant("the queue sweeper starts every tenant's queued runs")
  @SqlQuery(
      "SELECT DISTINCT tenant_id, workflow_id, concurrency_key FROM runs WHERE status = 'queued'"
          + " LIMIT :limit")
  @RegisterConstructorMapper(QueuedKey.class)
  List<QueuedKey> queuedKeys(@Bind("limit") int limit);

  /**
   * Returns the current concurrency limit of the workflow, or empty when it has none any more (its
   * queued runs may then all start).
   */
  @SqlQuery(
      "SELECT (v.flow_control -> 'concurrency' ->> 'limit')::int FROM workflows w"
          + " JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.version"
          + " WHERE w.tenant_id = :tenantId AND w.id = :workflowId"
          + " AND v.flow_control -> 'concurrency' ->> 'limit' IS NOT NULL")
  Optional<Integer> currentLimit(
      @Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);

  /** Moves the {@code count} oldest queued runs of the key to {@code pending}; returns them. */
  @SqlQuery(
      "WITH p AS (UPDATE runs SET status = 'pending' WHERE id IN (SELECT id FROM runs"
          + " WHERE tenant_id = :tenantId AND workflow_id = :workflowId AND concurrency_key = :key"
          + " AND status = 'queued' ORDER BY created_at, id LIMIT :count FOR UPDATE)"
          + " RETURNING id, workflow_id, dispatched_at IS NOT NULL AS dispatched, created_at)"
          + " SELECT id, workflow_id, dispatched FROM p ORDER BY created_at, id")
  @RegisterConstructorMapper(Promoted.class)
  List<Promoted> promote(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("key") String key,
      @Bind("count") int count);
}

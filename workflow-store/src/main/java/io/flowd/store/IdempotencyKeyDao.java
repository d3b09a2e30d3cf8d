package io.flowd.store;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Idempotency keys: each names the run it started; scope is tenant and key. */
public interface IdempotencyKeyDao {

  /** Returns 1 when the key was new, 0 when another request holds it (waits for its commit). */
  @SqlUpdate(Sql.KEY_INSERT_IF_ABSENT)
  int insertIfAbsent(@Bind("tenantId") String tenantId, @BindMethods IdempotencyRecord record);

  /** Takes over a key older than 24 hours for a new run; returns 1 when it did. */
  @SqlUpdate(
      "UPDATE idempotency_keys SET fingerprint = :fingerprint, workflow_id = :workflowId,"
          + " run_id = :runId, created_at = clock_timestamp() WHERE tenant_id = :tenantId"
          + " AND key = :key AND created_at < clock_timestamp() - interval '24 hours'")
  int takeOverExpired(@Bind("tenantId") String tenantId, @BindMethods IdempotencyRecord record);

  /**
   * Takes over a key whose run no longer exists (purged past its retention) for a new run; returns
   * 1 when it did. The purger deletes a key with its run, so this finds only keys of older data.
   */
  @SqlUpdate(
      "UPDATE idempotency_keys k SET fingerprint = :fingerprint, workflow_id = :workflowId,"
          + " run_id = :runId, created_at = clock_timestamp() WHERE k.tenant_id = :tenantId"
          + " AND k.key = :key AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = k.run_id)")
  int takeOverOrphaned(@Bind("tenantId") String tenantId, @BindMethods IdempotencyRecord record);

  @SqlQuery(
      "SELECT key, fingerprint, workflow_id, run_id FROM idempotency_keys"
          + " WHERE tenant_id = :tenantId AND key = :key")
  @RegisterConstructorMapper(IdempotencyRecord.class)
  Optional<IdempotencyRecord> find(@Bind("tenantId") String tenantId, @Bind("key") UUID key);

  /** Ages a key, for tests of the 24-hour window. */
  @SqlUpdate(
      "UPDATE idempotency_keys SET created_at = created_at - make_interval(hours => :hours)"
          + " WHERE tenant_id = :tenantId AND key = :key")
  int age(@Bind("tenantId") String tenantId, @Bind("key") UUID key, @Bind("hours") int hours);

  @SqlUpdate(
      "DELETE FROM idempotency_keys WHERE tenant_id = :tenantId AND workflow_id = :workflowId")
  int deleteForWorkflow(@Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);
}

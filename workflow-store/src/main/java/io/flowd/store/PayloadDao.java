package io.flowd.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Large payloads kept out of Temporal history (the claim check). A payload is owned by a run and a
 * slot name; storing the same slot again replaces its data and keeps its id, so at-least-once
 * writers stay idempotent. Storing a slot again also renews its {@code created_at}, so a webhook
 * file stored again is kept as long as the newest run that names it.
 */
public interface PayloadDao {

  /** Stores {@code dataJson} in the run's slot {@code owner}; returns the slot's id. */
  @SqlUpdate(
      "INSERT INTO payloads (id, tenant_id, run_id, owner, data, size_bytes) VALUES (:id,"
          + " :tenantId, :runId, :owner, CAST(:data AS jsonb), :size) ON CONFLICT (tenant_id,"
          + " run_id, owner) DO UPDATE SET data = excluded.data, size_bytes = excluded.size_bytes,"
          + " created_at = clock_timestamp()")
  @GetGeneratedKeys("id")
  String upsert(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("runId") String runId,
      @Bind("owner") String owner,
      @Bind("data") String dataJson,
      @Bind("size") long sizeBytes);

  @SqlQuery("SELECT data::text FROM payloads WHERE tenant_id = :tenantId AND id = :id")
  Optional<String> find(@Bind("tenantId") String tenantId, @Bind("id") String id);
}

package io.flowd.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Large payloads kept out of Temporal history (the claim check). A payload is owned by a run and a
 * slot name; storing the same slot again replaces its data and keeps its id, so at-least-once
 * writers stay idempotent. Storing a slot again also renews its {@code created_at}, so the purger
 * (which deletes a webhook file a day after it was last stored, once no run names it) never takes a
 * file a delivery is about to name again.
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

  /**
   * Records that the run {@code runId} names the stored webhook files {@code payloadIds}; the
   * purger deletes a file once no run names it (the rows go with the run).
   */
  @SqlUpdate(
      "INSERT INTO webhook_file_uses (tenant_id, payload_id, run_id) SELECT :tenantId, f, :runId"
          + " FROM unnest(CAST(:payloadIds AS text[])) AS f ON CONFLICT DO NOTHING")
  int recordFileUses(
      @Bind("tenantId") String tenantId,
      @Bind("runId") String runId,
      @Bind("payloadIds") String[] payloadIds);

  @SqlQuery("SELECT data::text FROM payloads WHERE tenant_id = :tenantId AND id = :id")
  Optional<String> find(@Bind("tenantId") String tenantId, @Bind("id") String id);
}

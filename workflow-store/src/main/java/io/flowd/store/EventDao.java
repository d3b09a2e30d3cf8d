package io.flowd.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code wait_for_event} waits of open runs and the events sent with an Idempotency-Key. */
public interface EventDao {

  /** Records that a node of the run waits for events with this key (idempotent). */
  @SqlUpdate(
      "INSERT INTO event_waits (tenant_id, run_id, node_id, event_key, expires_at)"
          + " SELECT :tenantId, :runId, :nodeId, :key, :expiresAt WHERE EXISTS (SELECT 1 FROM runs"
          + " WHERE tenant_id = :tenantId AND id = :runId)"
          + " ON CONFLICT (run_id, node_id) DO UPDATE SET event_key = excluded.event_key,"
          + " expires_at = excluded.expires_at")
  int openWait(
      @Bind("tenantId") String tenantId,
      @Bind("runId") String runId,
      @Bind("nodeId") String nodeId,
      @Bind("key") String key,
      @Bind("expiresAt") Instant expiresAt);

  @SqlUpdate(
      "DELETE FROM event_waits WHERE tenant_id = :tenantId AND run_id = :runId"
          + " AND node_id = :nodeId")
  int closeWait(
      @Bind("tenantId") String tenantId,
      @Bind("runId") String runId,
      @Bind("nodeId") String nodeId);

  /** Returns the open runs of the tenant waiting on {@code key}, oldest wait first. */
  @SqlQuery(
      "SELECT w.run_id, w.node_id, r.workflow_id, r.workflow_version, r.temporal_workflow_id"
          + " FROM event_waits w JOIN runs r ON r.id = w.run_id AND r.tenant_id = w.tenant_id"
          + " WHERE w.tenant_id = :tenantId AND w.event_key = :key"
          + " AND r.status IN ('running', 'waiting') ORDER BY w.created_at, w.run_id, w.node_id")
  @RegisterConstructorMapper(EventWait.class)
  List<EventWait> waiting(@Bind("tenantId") String tenantId, @Bind("key") String key);

  /** Forgets an event key used more than 24 hours ago, so it can be used again. */
  @SqlUpdate(
      "DELETE FROM events WHERE tenant_id = :tenantId AND key = :key"
          + " AND created_at < clock_timestamp() - interval '24 hours'")
  int expire(@Bind("tenantId") String tenantId, @Bind("key") UUID key);

  @SqlUpdate(
      "INSERT INTO events (tenant_id, key, fingerprint) VALUES (:tenantId, :key, :fingerprint)"
          + " ON CONFLICT (tenant_id, key) DO NOTHING")
  int insertIfAbsent(
      @Bind("tenantId") String tenantId,
      @Bind("key") UUID key,
      @Bind("fingerprint") String fingerprint);

  @SqlQuery("SELECT fingerprint FROM events WHERE tenant_id = :tenantId AND key = :key")
  Optional<String> fingerprint(@Bind("tenantId") String tenantId, @Bind("key") UUID key);

  /** Chooses the waits the event goes to, once, when it is first sent. */
  @SqlUpdate(
      "INSERT INTO event_deliveries (tenant_id, key, run_id, node_id) VALUES (:tenantId, :key,"
          + " :runId, :nodeId) ON CONFLICT DO NOTHING")
  int plan(
      @Bind("tenantId") String tenantId,
      @Bind("key") UUID key,
      @Bind("runId") String runId,
      @Bind("nodeId") String nodeId);

  /** Returns the waits chosen for the event that have not been reached yet. */
  @SqlQuery(
      "SELECT d.run_id, d.node_id, r.workflow_id, r.workflow_version, r.temporal_workflow_id"
          + " FROM event_deliveries d JOIN runs r ON r.id = d.run_id AND r.tenant_id = d.tenant_id"
          + " WHERE d.tenant_id = :tenantId AND d.key = :key AND NOT d.delivered"
          + " ORDER BY d.run_id, d.node_id")
  @RegisterConstructorMapper(EventWait.class)
  List<EventWait> undelivered(@Bind("tenantId") String tenantId, @Bind("key") UUID key);

  @SqlUpdate(
      "UPDATE event_deliveries SET delivered = true WHERE tenant_id = :tenantId AND key = :key"
          + " AND run_id = :runId AND node_id = :nodeId")
  int markDelivered(
      @Bind("tenantId") String tenantId,
      @Bind("key") UUID key,
      @Bind("runId") String runId,
      @Bind("nodeId") String nodeId);

  /** Drops a chosen wait that no longer waited when the event reached it. */
  @SqlUpdate(
      "DELETE FROM event_deliveries WHERE tenant_id = :tenantId AND key = :key"
          + " AND run_id = :runId AND node_id = :nodeId AND NOT delivered")
  int dropPlanned(
      @Bind("tenantId") String tenantId,
      @Bind("key") UUID key,
      @Bind("runId") String runId,
      @Bind("nodeId") String nodeId);

  @SqlQuery(
      "SELECT count(*) FROM event_deliveries WHERE tenant_id = :tenantId AND key = :key"
          + " AND delivered")
  int deliveredCount(@Bind("tenantId") String tenantId, @Bind("key") UUID key);
}

package io.flowd.store;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The broker triggers' side of the store: which consumers should run, and what they report. */
public interface BrokerTriggerDao {

  /** Returns every active workflow whose current version has a broker trigger node. */
  @CrossTenant("every API replica consumes the broker triggers of every tenant")
  @SqlQuery(
      "SELECT w.tenant_id, w.id AS workflow_id, w.version FROM workflows w"
          + " JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.version"
          + " WHERE w.is_active AND w.deleted_at IS NULL AND jsonb_path_exists(v.nodes, '$[*].data.componentId ? (@ =="
          + " \"rabbitmq_trigger\" || @ == \"nats_trigger\" || @ == \"kafka_trigger\")')"
          + " ORDER BY w.id")
  @RegisterConstructorMapper(ActiveBrokerWorkflow.class)
  List<ActiveBrokerWorkflow> activeBrokerWorkflows();

  /** Returns how many runs of the workflow wait {@code queued} for a concurrency slot. */
  @SqlQuery(
      "SELECT count(*) FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND status = 'queued'")
  int queuedRuns(@Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);

  /** Records what a replica's consumer reports now (the workflow may be gone: then nothing). */
  @SqlUpdate(
      "INSERT INTO broker_trigger_states (tenant_id, workflow_id, node_id, replica_id,"
          + " component_id, connected, last_message_at, messages_last_hour, runs_started,"
          + " duplicates, dead_lettered, lag, last_error, updated_at)"
          + " SELECT :tenantId, :workflowId, :nodeId, :replicaId, :componentId, :connected,"
          + " :lastMessageAt, :messagesLastHour, :runsStarted, :duplicates, :deadLettered, :lag,"
          + " :lastError, clock_timestamp() WHERE EXISTS (SELECT 1 FROM workflows"
          + " WHERE tenant_id = :tenantId AND id = :workflowId)"
          + " ON CONFLICT (tenant_id, workflow_id, node_id, replica_id) DO UPDATE SET"
          + " component_id = excluded.component_id, connected = excluded.connected,"
          + " last_message_at = excluded.last_message_at,"
          + " messages_last_hour = excluded.messages_last_hour,"
          + " runs_started = excluded.runs_started, duplicates = excluded.duplicates,"
          + " dead_lettered = excluded.dead_lettered, lag = excluded.lag,"
          + " last_error = excluded.last_error, updated_at = excluded.updated_at")
  int report(@Bind("tenantId") String tenantId, @BindMethods BrokerTriggerState state);

  /** Returns what every replica reported for the workflow's triggers, newest first. */
  @SqlQuery(
      "SELECT workflow_id, node_id, replica_id, component_id, connected, last_message_at,"
          + " messages_last_hour, runs_started, duplicates, dead_lettered, lag, last_error,"
          + " updated_at FROM broker_trigger_states WHERE tenant_id = :tenantId"
          + " AND workflow_id = :workflowId ORDER BY node_id, updated_at DESC")
  @RegisterConstructorMapper(BrokerTriggerState.class)
  List<BrokerTriggerState> states(
      @Bind("tenantId") String tenantId, @Bind("workflowId") String workflowId);

  /** Forgets a replica's reports of a trigger that no longer runs there. */
  @SqlUpdate(
      "DELETE FROM broker_trigger_states WHERE tenant_id = :tenantId"
          + " AND workflow_id = :workflowId AND node_id = :nodeId AND replica_id = :replicaId")
  int forget(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("nodeId") String nodeId,
      @Bind("replicaId") String replicaId);
}

package io.flowd.store;

import io.flowd.model.Workflow;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Workflows and their immutable versions. {@code webhook_url} is built in SQL from the public URL
 * the caller passes, so rows map straight to {@link Workflow}.
 */
public interface WorkflowDao {

  @SqlUpdate(
      "INSERT INTO workflows (id, tenant_id, name, description, version, schedule_type,"
          + " schedule_value, schedule_timezone, is_active, webhook_token, created_by)"
          + " VALUES (:id, :tenantId, :name, :description, 1, :scheduleType, :scheduleValue,"
          + " :scheduleTimezone, :isActive, :webhookToken, :createdBy)")
  void insert(@Bind("tenantId") String tenantId, @BindMethods NewWorkflow workflow);

  @SqlUpdate(
      "INSERT INTO workflow_versions (workflow_id, version, tenant_id, name, description, nodes,"
          + " edges, schedule_type, schedule_value, schedule_timezone, flow_control) VALUES"
          + " (:workflowId, :version, :tenantId, :name, :description, CAST(:nodesJson AS jsonb),"
          + " CAST(:edgesJson AS jsonb), :scheduleType, :scheduleValue, :scheduleTimezone,"
          + " CAST(:flowControlJson AS jsonb))")
  void insertVersion(@Bind("tenantId") String tenantId, @BindMethods WorkflowVersion version);

  /**
   * Replaces a stored version's flow-control settings (JSON, or {@code null} for none); a new
   * version carries its own in {@link #insertVersion}.
   */
  @SqlUpdate(
      "UPDATE workflow_versions SET flow_control = CAST(:flowControl AS jsonb)"
          + " WHERE tenant_id = :tenantId AND workflow_id = :workflowId AND version = :version")
  int setFlowControl(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @Bind("version") int version,
      @Bind("flowControl") String flowControlJson);

  /**
   * Returns the workflow at its current version. Name, description and {@code is_active} come from
   * the workflow row, because changing them alone writes no new version.
   */
  @SqlQuery(Sql.WORKFLOW_FIND_CURRENT)
  Optional<Workflow> find(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("publicUrl") String publicUrl);

  @SqlQuery(
      "SELECT "
          + Sql.WORKFLOW_COLUMNS
          + " FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id AND v.version ="
          + " :version WHERE w.tenant_id = :tenantId AND w.id = :id")
  Optional<Workflow> findVersion(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("version") int version,
      @Bind("publicUrl") String publicUrl);

  @SqlQuery(
      "SELECT w.id, w.name, w.description, w.version, NULL AS nodes, NULL AS edges,"
          + " w.schedule_type, w.schedule_value, w.schedule_timezone, w.next_run_at, w.is_active,"
          + " CASE WHEN w.webhook_token IS NULL THEN NULL"
          + " ELSE :publicUrl || '/workflows/webhooks/' || w.webhook_token END AS webhook_url,"
          + " w.created_at, w.updated_at, (SELECT v.flow_control::text FROM workflow_versions v"
          + " WHERE v.workflow_id = w.id AND v.version = w.version) AS flow_control"
          + Sql.WORKFLOW_TRIGGER_COLUMNS
          + " FROM workflows w WHERE w.tenant_id = :tenantId AND w.deleted_at IS NULL"
          + " ORDER BY w.created_at DESC, w.id DESC LIMIT :limit OFFSET :offset")
  List<Workflow> list(
      @Bind("tenantId") String tenantId,
      @Bind("limit") int limit,
      @Bind("offset") long offset,
      @Bind("publicUrl") String publicUrl);

  @SqlQuery("SELECT count(*) FROM workflows WHERE tenant_id = :tenantId AND deleted_at IS NULL")
  long count(@Bind("tenantId") String tenantId);

  /**
   * Locks the workflow row for a change or a deletion and returns its webhook token; empty when the
   * tenant has no such workflow.
   */
  @SqlQuery(
      "SELECT coalesce(webhook_token, '') FROM workflows WHERE tenant_id = :tenantId AND id = :id"
          + " AND deleted_at IS NULL FOR UPDATE")
  Optional<String> lockForChange(@Bind("tenantId") String tenantId, @Bind("id") String id);

  @SqlUpdate(
      "UPDATE workflows SET name = :name, description = :description, version = :version,"
          + " schedule_type = :scheduleType, schedule_value = :scheduleValue,"
          + " schedule_timezone = :scheduleTimezone, is_active = :isActive,"
          + " webhook_token = :webhookToken, updated_at = clock_timestamp()"
          + " WHERE tenant_id = :tenantId AND id = :id")
  int update(@Bind("tenantId") String tenantId, @BindMethods WorkflowChange change);

  /** Writes the workflow's trigger settings (issue 15's schedule and webhook fields). */
  @SqlUpdate(
      "UPDATE workflows SET schedule_overlap = :overlap, schedule_catchup_seconds = :catchup,"
          + " webhook_signature = CAST(:signature AS jsonb), webhook_dedupe_header = :dedupe"
          + " WHERE tenant_id = :tenantId AND id = :id")
  int updateTriggers(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("overlap") String scheduleOverlap,
      @Bind("catchup") int scheduleCatchupSeconds,
      @Bind("signature") String webhookSignatureJson,
      @Bind("dedupe") String webhookDedupeHeader);

  /** Writes the workflow's own retention policy (JSON, or {@code null} for the service default). */
  @SqlUpdate(
      "UPDATE workflows SET retention = CAST(:retention AS jsonb)"
          + " WHERE tenant_id = :tenantId AND id = :id")
  int updateRetention(
      @Bind("tenantId") String tenantId,
      @Bind("id") String id,
      @Bind("retention") String retentionJson);

  /**
   * Hides the workflow (soft delete); its runs stay until their retention ends. Returns 1, or 0
   * when the tenant has no such visible workflow.
   */
  @SqlUpdate(
      "UPDATE workflows SET deleted_at = clock_timestamp(), updated_at = clock_timestamp()"
          + " WHERE tenant_id = :tenantId AND id = :id AND deleted_at IS NULL")
  int softDelete(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /**
   * Shows a deleted workflow again. Returns 1, or 0 when the tenant has no such deleted workflow
   * (never deleted, or purged past its retention).
   */
  @SqlUpdate(
      "UPDATE workflows SET deleted_at = NULL, updated_at = clock_timestamp()"
          + " WHERE tenant_id = :tenantId AND id = :id AND deleted_at IS NOT NULL")
  int undelete(@Bind("tenantId") String tenantId, @Bind("id") String id);

  @SqlUpdate("DELETE FROM workflow_versions WHERE tenant_id = :tenantId AND workflow_id = :id")
  int deleteVersions(@Bind("tenantId") String tenantId, @Bind("id") String id);

  @SqlUpdate("DELETE FROM workflows WHERE tenant_id = :tenantId AND id = :id")
  int delete(@Bind("tenantId") String tenantId, @Bind("id") String id);

  /**
   * Locks the workflow's row until the transaction ends and returns its current version (empty when
   * the workflow is gone): a schedule fire and a DELETE of the workflow take turns.
   */
  @SqlQuery(
      "SELECT version FROM workflows WHERE tenant_id = :tenantId AND id = :id"
          + " AND deleted_at IS NULL FOR UPDATE")
  Optional<Integer> lockVersion(@Bind("tenantId") String tenantId, @Bind("id") String id);
}

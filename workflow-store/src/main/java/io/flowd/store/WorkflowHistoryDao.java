package io.flowd.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** A workflow's version history and its file identity (key and manager). */
public interface WorkflowHistoryDao {
  @SqlQuery(
      "SELECT v.version, v.created_at, v.created_by, v.change_summary, (SELECT count(*) FROM runs r"
          + " WHERE r.tenant_id = v.tenant_id AND r.workflow_id = v.workflow_id"
          + " AND r.workflow_version = v.version) AS runs FROM workflow_versions v"
          + " WHERE v.tenant_id = :tenantId AND v.workflow_id = :id"
          + " ORDER BY v.version DESC LIMIT :limit OFFSET :offset")
  @RegisterConstructorMapper(VersionRow.class)
  List<VersionRow> list(
      @Bind("tenantId") String tenantId,
      @Bind("id") String workflowId,
      @Bind("limit") int limit,
      @Bind("offset") long offset);

  @SqlQuery(
      "SELECT count(*) FROM workflow_versions WHERE tenant_id = :tenantId AND workflow_id = :id")
  long count(@Bind("tenantId") String tenantId, @Bind("id") String workflowId);

  /**
   * Records {@code subject} as the author of the workflow's versions that have none yet: called in
   * the transaction that wrote a version, so it marks exactly that one.
   */
  @SqlUpdate(
      "UPDATE workflow_versions SET created_by = :subject WHERE tenant_id = :tenantId"
          + " AND workflow_id = :id AND created_by IS NULL")
  int stampAuthor(
      @Bind("tenantId") String tenantId,
      @Bind("id") String workflowId,
      @Bind("subject") String subject);

  @SqlUpdate(
      "UPDATE workflow_versions SET change_summary = :summary WHERE tenant_id = :tenantId"
          + " AND workflow_id = :id AND version = :version")
  int setSummary(
      @Bind("tenantId") String tenantId,
      @Bind("id") String workflowId,
      @Bind("version") int version,
      @Bind("summary") String summary);

  @SqlQuery(
      "SELECT id, workflow_key AS key, managed_by FROM workflows WHERE tenant_id = :tenantId"
          + " AND id = :id")
  @RegisterConstructorMapper(WorkflowFileIdentity.class)
  Optional<WorkflowFileIdentity> identity(
      @Bind("tenantId") String tenantId, @Bind("id") String workflowId);

  /**
   * Finds the workflow a file's key names: the one with that key, else a workflow without a key
   * whose id is the key (an exported workflow that had no key yet).
   */
  @SqlQuery(
      "SELECT id, workflow_key AS key, managed_by FROM workflows WHERE tenant_id = :tenantId"
          + " AND deleted_at IS NULL AND (workflow_key = :key OR (workflow_key IS NULL AND id = :key))"
          + " ORDER BY workflow_key NULLS LAST LIMIT 1")
  @RegisterConstructorMapper(WorkflowFileIdentity.class)
  Optional<WorkflowFileIdentity> byKey(@Bind("tenantId") String tenantId, @Bind("key") String key);

  @SqlUpdate(
      "UPDATE workflows SET workflow_key = :key, managed_by = :managedBy WHERE tenant_id ="
          + " :tenantId AND id = :id")
  int setIdentity(
      @Bind("tenantId") String tenantId,
      @Bind("id") String workflowId,
      @Bind("key") String key,
      @Bind("managedBy") String managedBy);
}

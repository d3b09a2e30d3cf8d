package io.flowd.store;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Counts a run's child runs by status, for the summary an {@code iterator} node logs. */
public interface ChildRunCountDao {
  /** One status and how many child runs have it. */
  record StatusCount(String status, int count) {}

  /**
   * Returns the child runs of {@code parentRunId} by status (of {@code workflowId} only, when not
   * {@code null}), in status order.
   */
  @SqlQuery(
      "SELECT status, count(*) AS count FROM runs WHERE tenant_id = :tenantId"
          + " AND parent_run_id = :parentRunId"
          + " AND (CAST(:workflowId AS text) IS NULL OR workflow_id = :workflowId)"
          + " GROUP BY status ORDER BY status")
  @RegisterConstructorMapper(StatusCount.class)
  List<StatusCount> byStatus(
      @Bind("tenantId") String tenantId,
      @Bind("parentRunId") String parentRunId,
      @Bind("workflowId") String workflowId);
}

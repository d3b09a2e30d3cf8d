package io.flowd.store;

import io.flowd.model.Run;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The runs a bulk action ({@code POST /workflows/{id}/runs/cancel|rerun}) acts on. */
public interface RunBulkDao {

  /**
   * Returns up to {@code limit} of the workflow's runs with one of {@code statuses}, created at or
   * after {@code since} ({@code null}: any time), oldest first.
   */
  @SqlQuery(
      "SELECT "
          + Sql.RUN_COLUMNS
          + " FROM runs WHERE tenant_id = :tenantId AND workflow_id = :workflowId"
          + " AND status IN (<statuses>)"
          + " AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)"
          + " ORDER BY created_at, id LIMIT :limit")
  List<Run> select(
      @Bind("tenantId") String tenantId,
      @Bind("workflowId") String workflowId,
      @BindList("statuses") List<String> statuses,
      @Bind("since") Instant since,
      @Bind("limit") int limit);
}

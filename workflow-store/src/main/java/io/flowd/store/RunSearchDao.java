package io.flowd.store;

import io.flowd.model.Run;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;

/**
 * The tenant-wide run search. The SQL names only the filters that are set, so PostgreSQL plans each
 * combination on its own and uses the index of V8 that yields rows in page order.
 */
public interface RunSearchDao extends SqlObject {
  /** Returns a page of the tenant's runs matching {@code filter}, newest first. */
  default List<Run> page(String tenantId, RunFilter filter, int limit, long offset) {
    String sql =
        "SELECT "
            + Sql.RUN_COLUMNS
            + " FROM runs WHERE "
            + where(filter)
            + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset";
    return bind(getHandle().createQuery(sql), tenantId, filter)
        .bind("limit", limit)
        .bind("offset", offset)
        .mapTo(Run.class)
        .list();
  }

  /** Returns how many of the tenant's runs match {@code filter}. */
  default long count(String tenantId, RunFilter filter) {
    return bind(
            getHandle().createQuery("SELECT count(*) FROM runs WHERE " + where(filter)),
            tenantId,
            filter)
        .mapTo(Long.class)
        .one();
  }

  /** Returns the plan PostgreSQL chooses for a page query, one line per plan row. */
  default List<String> explainPage(String tenantId, RunFilter filter, int limit) {
    String sql =
        "EXPLAIN SELECT "
            + Sql.RUN_COLUMNS
            + " FROM runs WHERE "
            + where(filter)
            + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET 0";
    return bind(getHandle().createQuery(sql), tenantId, filter)
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }

  private static String where(RunFilter filter) {
    List<String> clauses = new ArrayList<>();
    clauses.add("tenant_id = :tenantId");
    if (!filter.statuses().isEmpty()) {
      clauses.add("status IN (<statuses>)");
    }
    if (filter.workflowId() != null) {
      clauses.add("workflow_id = :workflowId");
    }
    if (filter.triggerType() != null) {
      clauses.add("trigger_type = :triggerType");
    }
    if (filter.since() != null) {
      clauses.add("created_at >= :since");
    }
    if (filter.until() != null) {
      clauses.add("created_at < :until");
    }
    if (filter.parentRunId() != null) {
      clauses.add("parent_run_id = :parentRunId");
    }
    if (filter.topLevel()) {
      clauses.add("parent_run_id IS NULL");
    }
    return String.join(" AND ", clauses);
  }

  private static Query bind(Query query, String tenantId, RunFilter filter) {
    query.bind("tenantId", tenantId);
    if (!filter.statuses().isEmpty()) {
      query.bindList("statuses", filter.statuses());
    }
    if (filter.workflowId() != null) {
      query.bind("workflowId", filter.workflowId());
    }
    if (filter.triggerType() != null) {
      query.bind("triggerType", filter.triggerType());
    }
    if (filter.since() != null) {
      query.bind("since", filter.since());
    }
    if (filter.until() != null) {
      query.bind("until", filter.until());
    }
    if (filter.parentRunId() != null) {
      query.bind("parentRunId", filter.parentRunId());
    }
    return query;
  }
}

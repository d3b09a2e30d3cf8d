package io.flowd.api.log;

import io.flowd.api.auth.Principal;
import io.flowd.api.http.Slice;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.model.RunLog;
import io.flowd.store.Database;
import io.flowd.store.LogFilter;
import io.flowd.store.RunCounts;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.flowd.store.StatusCount;
import java.util.List;

/** Reads node logs and run counts for the logs routes; a workflow's logs need the workflow. */
public final class LogService {
  private final Database database;
  private final WorkflowService workflows;

  public LogService(Database database, WorkflowService workflows) {
    this.database = database;
    this.workflows = workflows;
  }

  /** Returns a page of a workflow's logs, newest first; 404 when the workflow is gone. */
  public Slice<RunLog> page(Principal principal, LogFilter filter, int limit, long offset) {
    workflows.load(principal, filter.workflowId());
    RunLogDao logs = database.dao(RunLogDao.class);
    String tenant = principal.tenantId();
    return new Slice<>(logs.page(tenant, filter, limit, offset), logs.count(tenant, filter));
  }

  /** Returns the tenant's newest logs, newest first. */
  public List<RunLog> recent(String tenantId, int limit) {
    return database.dao(RunLogDao.class).recent(tenantId, limit);
  }

  /** A workflow's log counts by status and its run counts. */
  public record Stats(List<StatusCount> logStatuses, RunCounts runs) {}

  /** Returns a workflow's log and run counts; 404 when the workflow is gone. */
  public Stats stats(Principal principal, String workflowId) {
    workflows.load(principal, workflowId);
    String tenant = principal.tenantId();
    return new Stats(
        database.dao(RunLogDao.class).statusCounts(tenant, workflowId),
        database.dao(RunDao.class).counts(tenant, workflowId));
  }
}

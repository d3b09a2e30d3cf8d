package io.flowd.api.run;

import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.Slice;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.model.Run;
import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.flowd.store.RunFilter;
import io.flowd.store.RunLogDao;
import io.flowd.store.RunSearchDao;
import java.util.List;

/**
 * Reads a tenant's runs for the controllers: one run (or 404), a run with the workflow version it
 * ran and its logs, and a workflow's runs page by page.
 */
public final class RunService {
  private final Database database;
  private final RunLinks links;
  private final WorkflowService workflows;

  public RunService(Database database, WorkflowService workflows) {
    this.database = database;
    this.links = new RunLinks(database);
    this.workflows = workflows;
  }

  /** Returns the tenant's run without details, or throws a 404. */
  public Run find(Principal principal, String runId) {
    return database
        .dao(RunDao.class)
        .find(principal.tenantId(), runId)
        .orElseThrow(() -> ApiException.notFound("Run " + runId + " was not found."));
  }

  /** Returns the tenant's run with its workflow snapshot and logs, or throws a 404. */
  public Run read(Principal principal, String runId) {
    return withDetails(principal, find(principal, runId));
  }

  /** Returns the id of the workflow a stored run belongs to. */
  public String workflowIdOf(Principal principal, String runId) {
    return database.dao(RunDao.class).workflowIdOf(principal.tenantId(), runId).orElseThrow();
  }

  /** Returns a stored run with its workflow snapshot and logs. */
  public Run withDetails(Principal principal, Run run) {
    return withDetails(principal, run, workflowIdOf(principal, run.id()));
  }

  /** Returns a run of {@code workflowId} with that workflow's snapshot and the run's logs. */
  public Run withDetails(Principal principal, Run run, String workflowId) {
    return links
        .withFailureRun(principal.tenantId(), run)
        .withDetails(
            workflows.snapshot(principal, workflowId, run.workflowVersion()),
            database.dao(RunLogDao.class).forRun(principal.tenantId(), run.id()));
  }

  /** Returns a page of the workflow's runs, newest first; {@code status} may be {@code null}. */
  public List<Run> page(
      Principal principal, String workflowId, String status, int limit, long offset) {
    workflows.load(principal, workflowId);
    return links.withFailureRuns(
        principal.tenantId(),
        database.dao(RunDao.class).page(principal.tenantId(), workflowId, status, limit, offset));
  }

  /** Returns how many runs the workflow has, of {@code status} when it is not {@code null}. */
  public long count(Principal principal, String workflowId, String status) {
    return database.dao(RunDao.class).count(principal.tenantId(), workflowId, status);
  }

  /**
   * Returns a page of the tenant's runs matching {@code filter}, newest first, and the number of
   * all matching runs (counted only when the page does not tell).
   */
  public Slice<Run> search(String tenantId, RunFilter filter, int page, int perPage, long offset) {
    RunSearchDao runs = database.dao(RunSearchDao.class);
    List<Run> items = runs.page(tenantId, filter, perPage, offset);
    long total = page == 1 && items.size() < perPage ? items.size() : runs.count(tenantId, filter);
    return new Slice<>(links.withFailureRuns(tenantId, items), total);
  }
}

package io.flowd.api.workflow;

import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.model.Authorization;
import io.flowd.model.Run;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.flowd.store.RunStatements;
import io.flowd.store.WorkflowDao;
import java.util.List;

/**
 * Reads a tenant's workflows for the controllers: the current version (or 404) and the immutable
 * version a run ran, each with the caller's authorization as runs show it.
 */
public final class WorkflowService {
  private final Database database;
  private final AuthorizationCache authorizations;
  private final String publicUrl;

  public WorkflowService(Database database, AuthorizationCache authorizations, String publicUrl) {
    this.database = database;
    this.authorizations = authorizations;
    this.publicUrl = publicUrl;
  }

  /** Returns the tenant's workflow at its current version, or throws a 404. */
  public Workflow load(Principal principal, String id) {
    return database
        .withConnection(c -> RunStatements.currentWorkflow(c, principal.tenantId(), id, publicUrl))
        .orElseThrow(() -> ApiException.notFound("Workflow " + id + " was not found."));
  }

  /** Returns {@code workflow} as a run shows it: with the caller's authorization, without runs. */
  public Workflow asRunSnapshot(Principal principal, Workflow workflow) {
    return workflow.withDetails(authorizations.of(principal), null);
  }

  /**
   * Returns the workflow as it was at {@code version}, with the caller's authorization, or {@code
   * null} when it is gone.
   */
  public Workflow snapshot(Principal principal, String id, int version) {
    return database
        .dao(WorkflowDao.class)
        .findVersion(principal.tenantId(), id, version, publicUrl)
        .map(w -> w.withDetails(authorizations.of(principal), null))
        .orElse(null);
  }

  /**
   * Returns the workflow version {@code run} started with, without authorization (for starting it),
   * or {@code null} when the run or its workflow is gone.
   */
  public Workflow snapshotOf(String tenantId, String id, Run run) {
    if (run == null) {
      return null;
    }
    return database
        .dao(WorkflowDao.class)
        .findVersion(tenantId, id, run.workflowVersion(), publicUrl)
        .orElse(null);
  }

  /** Returns the number of the tenant's workflows. */
  public long count(String tenantId) {
    return database.dao(WorkflowDao.class).count(tenantId);
  }

  /** Returns a page of the tenant's workflows, newest first, as summaries without graph or runs. */
  public List<Workflow> summaries(Principal principal, int limit, long offset) {
    Authorization caller = authorizations.of(principal);
    return database
        .dao(WorkflowDao.class)
        .list(principal.tenantId(), limit, offset, publicUrl)
        .stream()
        .map(w -> w.withDetails(caller, null).summary())
        .toList();
  }

  /** Returns the workflow's newest runs, newest first. */
  public List<Run> latestRuns(String tenantId, String id, int limit) {
    return database.dao(RunDao.class).latest(tenantId, id, limit);
  }
}

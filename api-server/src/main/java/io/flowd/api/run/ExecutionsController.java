package io.flowd.api.run;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.Page;
import io.flowd.api.http.QueryParams;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.model.Ids;
import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.javalin.http.Context;

/** {@code GET /workflows/{id}/executions}: a workflow's runs, paged, newest first. */
public final class ExecutionsController {
  private final Database database;
  private final WorkflowController workflows;

  public ExecutionsController(Database database, WorkflowController workflows) {
    this.database = database;
    this.workflows = workflows;
  }

  /** Answers a page of runs without logs and workflow, optionally of one {@code status}. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    QueryParams query = QueryParams.of(ctx, "status");
    String status = query.oneOf("status", RunSearchController.statusNames());
    Page.Request request = query.page();
    query.validate();
    workflows.load(principal, id);
    RunDao runs = database.dao(RunDao.class);
    Requests.json(
        ctx,
        200,
        Page.of(
            ctx,
            request,
            runs.page(principal.tenantId(), id, status, request.perPage(), request.offset()),
            runs.count(principal.tenantId(), id, status)));
  }
}

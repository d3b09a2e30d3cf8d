package io.flowd.api.run;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.Page;
import io.flowd.api.http.QueryParams;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Ids;
import io.javalin.http.Context;

/** {@code GET /workflows/{id}/executions}: a workflow's runs, paged, newest first. */
public final class ExecutionsController implements RouteGroup {
  private final RunService runs;

  public ExecutionsController(RunService runs) {
    this.runs = runs;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows/{id}/executions", this::list);
  }

  /** Answers a page of runs without logs and workflow, optionally of one {@code status}. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    QueryParams query = QueryParams.of(ctx, "status");
    String status = query.oneOf("status", RunSearchController.statusNames());
    Page.Request request = query.page();
    query.validate();
    Requests.json(
        ctx,
        200,
        Page.of(
            ctx,
            request,
            runs.page(principal, id, status, request.perPage(), request.offset()),
            runs.count(principal, id, status)));
  }
}

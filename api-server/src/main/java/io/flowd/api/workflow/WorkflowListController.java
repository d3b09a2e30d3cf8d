package io.flowd.api.workflow;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.Page;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Workflow;
import io.javalin.http.Context;
import java.util.List;

/** {@code GET /workflows}: the tenant's workflows, paged, newest first, without graph or runs. */
public final class WorkflowListController implements RouteGroup {
  private final WorkflowService workflows;

  public WorkflowListController(WorkflowService workflows) {
    this.workflows = workflows;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/workflows", this::list);
  }

  /** {@code GET /workflows?page=&per_page=}. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Page.Request request = Page.request(ctx);
    List<Workflow> items = workflows.summaries(principal, request.perPage(), request.offset());
    long total = workflows.count(principal.tenantId());
    Requests.json(ctx, 200, Page.of(ctx, request, items, total));
  }
}

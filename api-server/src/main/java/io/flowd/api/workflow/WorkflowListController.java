package io.flowd.api.workflow;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.Page;
import io.flowd.model.Authorization;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.WorkflowDao;
import io.javalin.http.Context;
import java.util.List;

/** {@code GET /workflows}: the tenant's workflows, paged, newest first, without graph or runs. */
public final class WorkflowListController {
  private final Database database;
  private final AuthorizationCache authorizations;
  private final String publicUrl;

  public WorkflowListController(
      Database database, AuthorizationCache authorizations, String publicUrl) {
    this.database = database;
    this.authorizations = authorizations;
    this.publicUrl = publicUrl;
  }

  /** {@code GET /workflows?page=&per_page=}. */
  public void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Page.Request request = Page.request(ctx);
    WorkflowDao dao = database.dao(WorkflowDao.class);
    Authorization caller = authorizations.of(principal);
    long total = dao.count(principal.tenantId());
    List<Workflow> items =
        dao.list(principal.tenantId(), request.perPage(), request.offset(), publicUrl).stream()
            .map(w -> w.withDetails(caller, null).summary())
            .toList();
    Requests.json(ctx, 200, Page.of(ctx, request, items, total));
  }
}

package io.flowd.api.run;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.Page;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.model.Ids;
import io.flowd.model.RunStatus;
import io.flowd.model.ValidationError;
import io.flowd.store.Database;
import io.flowd.store.RunDao;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

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
    List<ValidationError> errors = new ArrayList<>();
    String status = status(ctx.queryParam("status"), errors);
    Page.Request request = Page.request(ctx, errors);
    Page.throwIfAny(errors);
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

  private static String status(String text, List<ValidationError> errors) {
    if (text == null || RunStatus.fromJson(text) != null) {
      return text;
    }
    String allowed =
        Arrays.stream(RunStatus.values()).map(RunStatus::json).collect(Collectors.joining(", "));
    errors.add(
        new ValidationError("invalid_value", "status", "status must be one of " + allowed + "."));
    return null;
  }
}

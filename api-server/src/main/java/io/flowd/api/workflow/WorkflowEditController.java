package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Ids;
import io.javalin.http.Context;

/** {@code PUT /workflows/{id}}, {@code DELETE /workflows/{id}} and its undelete. */
public final class WorkflowEditController implements RouteGroup {
  private final WorkflowEditService edits;

  public WorkflowEditController(WorkflowEditService edits) {
    this.edits = edits;
  }

  @Override
  public void register(Routes routes) {
    routes.put("/workflows/{id}", this::update);
    routes.delete("/workflows/{id}", this::delete);
    routes.post("/workflows/{id}/undelete", this::undelete);
  }

  /**
   * {@code PUT /workflows/{id}}: merges the given fields into the workflow and validates the result
   * like a create. A change of graph or schedule writes a new version; runs keep theirs.
   */
  public void update(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    JsonNode body = Requests.body(ctx);
    Requests.json(ctx, 200, edits.update(principal, id, body));
  }

  /**
   * {@code DELETE /workflows/{id}}: cancels its open runs, stops its schedule and triggers and
   * hides the workflow; its runs stay readable until their retention ends; 204.
   *
   * @throws ApiException 503 when Temporal cannot cancel an open run; nothing changes then
   */
  public void delete(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    edits.delete(principal, id);
    ctx.status(204);
  }

  /** {@code POST /workflows/{id}/undelete}: shows a deleted workflow again; 200 with it. */
  public void undelete(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    Requests.json(ctx, 200, edits.undelete(principal, id));
  }
}

package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Ids;
import io.javalin.http.Context;

/** {@code PUT /workflows/{id}} and {@code DELETE /workflows/{id}}. */
public final class WorkflowEditController implements RouteGroup {
  private final WorkflowEditService edits;

  public WorkflowEditController(WorkflowEditService edits) {
    this.edits = edits;
  }

  @Override
  public void register(Routes routes) {
    routes.put("/workflows/{id}", this::update);
    routes.delete("/workflows/{id}", this::delete);
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
   * {@code DELETE /workflows/{id}}: cancels its open runs, then deletes the workflow with its
   * versions, runs, logs and idempotency keys; 204.
   *
   * @throws ApiException 503 when Temporal cannot cancel an open run; nothing is deleted then
   */
  public void delete(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    edits.delete(principal, id);
    ctx.status(204);
  }
}

package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.RouteGroup;
import io.flowd.api.http.Routes;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Workflow;
import io.flowd.model.validation.Validated;
import io.flowd.model.validation.WorkflowDraft;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /workflows}: create, validate, list and read workflows. */
public final class WorkflowController implements RouteGroup {
  private final WorkflowWriter writer;
  private final AuthorizationCache authorizations;
  private final WorkflowService workflows;
  private final TriggerStatuses triggers;

  public WorkflowController(
      WorkflowWriter writer,
      AuthorizationCache authorizations,
      WorkflowService workflows,
      TriggerStatuses triggers) {
    this.writer = writer;
    this.authorizations = authorizations;
    this.workflows = workflows;
    this.triggers = triggers;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/workflows/validate", this::validate);
    routes.post("/workflows", this::create);
    routes.get("/workflows/{id}", this::get);
  }

  /** {@code POST /workflows}. */
  public void create(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = writer.create(principal, Requests.body(ctx));
    Requests.json(
        ctx,
        201,
        workflows.load(principal, id).withDetails(authorizations.of(principal), List.of()));
  }

  /** {@code POST /workflows/validate}. */
  public void validate(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Validated<WorkflowDraft> draft = writer.validate(principal.tenantId(), Requests.body(ctx));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("valid", draft.ok());
    body.put("errors", draft.errors());
    Requests.json(ctx, 200, body);
  }

  /** {@code GET /workflows/{id}}. */
  public void get(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    Workflow workflow = workflows.load(principal, id);
    ObjectNode body =
        Json.MAPPER.valueToTree(
            workflow.withDetails(
                authorizations.of(principal),
                workflows.latestRuns(principal.tenantId(), id, WorkflowEditService.LATEST_RUNS)));
    body.set("triggers", triggers.of(principal.tenantId(), workflow));
    Requests.json(ctx, 200, body);
  }
}

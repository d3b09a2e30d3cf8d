package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonBodies;
import io.flowd.model.Authorization;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Workflow;
import io.flowd.model.validation.Validated;
import io.flowd.model.validation.WorkflowDraft;
import io.flowd.model.validation.WorkflowDraftReader;
import io.flowd.store.Database;
import io.flowd.store.NewWorkflow;
import io.flowd.store.RunDao;
import io.flowd.store.WorkflowDao;
import io.flowd.store.WorkflowHistoryDao;
import io.flowd.store.WorkflowVersion;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** {@code /workflows}: create, validate, list and read workflows. */
public final class WorkflowController {
  private static final int LATEST_RUNS = 10;

  private final Database database;
  private final WorkflowDraftReader reader;
  private final AuthorizationCache authorizations;
  private final WorkflowService workflows;
  private final WorkflowChangeListener changes;
  private final TriggerStatuses triggers;

  public WorkflowController(
      Database database,
      WorkflowDraftReader reader,
      AuthorizationCache authorizations,
      WorkflowService workflows,
      WorkflowChangeListener changes,
      TriggerStatuses triggers) {
    this.database = database;
    this.reader = reader;
    this.authorizations = authorizations;
    this.workflows = workflows;
    this.changes = changes;
    this.triggers = triggers;
  }

  /** Reads a create body and adds the checks that need the database (failure workflow, vault). */
  private Validated<WorkflowDraft> checked(String tenantId, Context ctx) {
    JsonNode body = JsonBodies.readJson(ctx.bodyAsBytes(), ctx.contentType());
    return database
        .jdbi()
        .withHandle(
            h ->
                TriggerChecks.withVault(
                    h,
                    tenantId,
                    FlowControls.checkFailureWorkflow(h, tenantId, body, reader.readCreate(body))));
  }

  /** {@code POST /workflows}. */
  public void create(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Validated<WorkflowDraft> draft = checked(principal.tenantId(), ctx);
    if (!draft.ok()) {
      throw ApiException.unprocessable(
          "validation_failed", "The workflow is not valid.", draft.errors());
    }
    Authorization caller = authorizations.of(principal);
    String id = Ids.next(Ids.WORKFLOW);
    WorkflowDraft w = draft.value();
    database
        .jdbi()
        .useTransaction(
            (Handle h) -> {
              insert(h, principal.tenantId(), id, w, caller.id());
              h.attach(WorkflowHistoryDao.class)
                  .stampAuthor(principal.tenantId(), id, principal.userId());
            });
    changes.saved(principal.tenantId(), id);
    Requests.json(ctx, 201, workflows.load(principal, id).withDetails(caller, List.of()));
  }

  /** Writes a new workflow and its version 1 in the caller's transaction. */
  static void insert(Handle h, String tenant, String id, WorkflowDraft w, String createdBy) {
    boolean webhook =
        w.graph().nodes().stream().anyMatch(n -> "webhook_trigger".equals(n.componentId()));
    WorkflowDao dao = h.attach(WorkflowDao.class);
    dao.insert(
        tenant,
        new NewWorkflow(
            id,
            w.name(),
            w.description(),
            w.scheduleType(),
            w.scheduleValue(),
            w.scheduleTimezone(),
            w.isActive(),
            webhook ? Ids.webhookToken() : null,
            createdBy));
    dao.insertVersion(
        tenant,
        new WorkflowVersion(
            id,
            1,
            w.name(),
            w.description(),
            w.graph().nodes(),
            w.graph().edges(),
            w.scheduleType(),
            w.scheduleValue(),
            w.scheduleTimezone(),
            w.flowControl()));
    TriggerChecks.save(dao, tenant, id, w.triggers());
  }

  /** {@code POST /workflows/validate}. */
  public void validate(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Validated<WorkflowDraft> draft = checked(principal.tenantId(), ctx);
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
                database.dao(RunDao.class).latest(principal.tenantId(), id, LATEST_RUNS)));
    body.set("triggers", triggers.of(principal.tenantId(), workflow));
    Requests.json(ctx, 200, body);
  }

  /** Reads a JSON body, for controllers that accept one. */
  public static JsonNode body(Context ctx) {
    return JsonBodies.readJson(ctx.bodyAsBytes(), ctx.contentType());
  }
}

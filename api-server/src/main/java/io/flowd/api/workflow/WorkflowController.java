package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.flowd.store.RunDao;
import io.flowd.store.WorkflowDao;
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
  private final String publicUrl;
  private final WorkflowChangeListener changes;

  public WorkflowController(
      Database database,
      WorkflowDraftReader reader,
      AuthorizationCache authorizations,
      String publicUrl,
      WorkflowChangeListener changes) {
    this.database = database;
    this.reader = reader;
    this.authorizations = authorizations;
    this.publicUrl = publicUrl;
    this.changes = changes;
  }

  /** {@code POST /workflows}. */
  public void create(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Validated<WorkflowDraft> draft =
        TriggerChecks.withVault(
            database,
            principal.tenantId(),
            reader.readCreate(JsonBodies.readJson(ctx.bodyAsBytes(), ctx.contentType())));
    if (!draft.ok()) {
      throw ApiException.unprocessable(
          "validation_failed", "The workflow is not valid.", draft.errors());
    }
    Authorization caller = authorizations.of(principal);
    String id = Ids.next(Ids.WORKFLOW);
    WorkflowDraft w = draft.value();
    boolean webhook =
        w.graph().nodes().stream().anyMatch(n -> "webhook_trigger".equals(n.componentId()));
    database
        .jdbi()
        .useTransaction(
            (Handle h) -> {
              WorkflowDao dao = h.attach(WorkflowDao.class);
              dao.insert(
                  principal.tenantId(),
                  id,
                  w.name(),
                  w.description(),
                  w.scheduleType(),
                  w.scheduleValue(),
                  w.scheduleTimezone(),
                  w.isActive(),
                  webhook ? Ids.webhookToken() : null,
                  caller.id());
              dao.insertVersion(
                  principal.tenantId(),
                  id,
                  1,
                  w.name(),
                  w.description(),
                  Json.write(w.graph().nodes()),
                  Json.write(w.graph().edges()),
                  w.scheduleType(),
                  w.scheduleValue(),
                  w.scheduleTimezone());
              TriggerChecks.save(dao, principal.tenantId(), id, w.triggers());
            });
    changes.saved(principal.tenantId(), id);
    Requests.json(ctx, 201, load(principal, id).withDetails(caller, List.of()));
  }

  /** {@code POST /workflows/validate}. */
  public void validate(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Validated<WorkflowDraft> draft =
        TriggerChecks.withVault(
            database,
            principal.tenantId(),
            reader.readCreate(JsonBodies.readJson(ctx.bodyAsBytes(), ctx.contentType())));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("valid", draft.ok());
    body.put("errors", draft.errors());
    Requests.json(ctx, 200, body);
  }

  /** {@code GET /workflows/{id}}. */
  public void get(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    Workflow workflow = load(principal, id);
    Requests.json(
        ctx,
        200,
        workflow.withDetails(
            authorizations.of(principal),
            database.dao(RunDao.class).latest(principal.tenantId(), id, LATEST_RUNS)));
  }

  /** Returns the tenant's workflow at its current version, or answers 404. */
  public Workflow load(Principal principal, String id) {
    return database
        .dao(WorkflowDao.class)
        .find(principal.tenantId(), id, publicUrl)
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
  public Workflow snapshotOf(String tenantId, String id, io.flowd.model.Run run) {
    if (run == null) {
      return null;
    }
    return database
        .dao(WorkflowDao.class)
        .findVersion(tenantId, id, run.workflowVersion(), publicUrl)
        .orElse(null);
  }

  /** Reads a JSON body, for controllers that accept one. */
  public static JsonNode body(Context ctx) {
    return JsonBodies.readJson(ctx.bodyAsBytes(), ctx.contentType());
  }
}

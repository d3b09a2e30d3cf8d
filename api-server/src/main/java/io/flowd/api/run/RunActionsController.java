package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.workflow.WorkflowController;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.engine.workflow.ResumePlanner;
import io.flowd.engine.workflow.ResumeState;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.model.ValidationError;
import io.flowd.model.Workflow;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TriggerType;
import io.flowd.store.Database;
import io.flowd.store.RunBulkDao;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Actions on existing runs: cancel, resume from a node, rerun from the trigger, and the bulk cancel
 * and rerun of a workflow's runs. New runs start through the run engine ({@code RunEngine}), so
 * concurrency limits hold for them too.
 */
public final class RunActionsController {
  /** The most runs one bulk action touches. */
  public static final int BULK_LIMIT = 1000;

  private static final List<String> OPEN = List.of("pending", "queued", "running", "waiting");
  private static final List<String> CLOSED = List.of("failed", "cancelled", "completed");

  private final Database database;
  private final WorkflowService workflows;
  private final RunService runs;
  private final RunCanceller canceller;
  private final RunEngine engine;
  private final ComponentCatalog components;

  public RunActionsController(
      Database database,
      WorkflowService workflows,
      RunService runs,
      RunCanceller canceller,
      RunEngine engine,
      ComponentCatalog components) {
    this.components = components;
    this.database = database;
    this.workflows = workflows;
    this.runs = runs;
    this.canceller = canceller;
    this.engine = engine;
  }

  /** {@code POST /workflows/runs/{runId}/cancel}: 202 with the run; 409 when already closed. */
  public void cancel(Context ctx) {
    Principal principal = Requests.principal(ctx);
    Run run = load(principal, ctx);
    canceller.cancel(principal.tenantId(), run);
    Run now = database.dao(RunDao.class).find(principal.tenantId(), run.id()).orElseThrow();
    Requests.json(ctx, 202, withDetails(principal, now));
  }

  /**
   * {@code POST /workflows/runs/{runId}/resume-from/{nodeId}?version=run|latest}: a new run of a
   * failed or cancelled run's trigger payload that starts at the node with the outputs its upstream
   * nodes had (a resumed run's restored outputs count too), in the run's workflow version or the
   * current one; 202 {@code {"message", "new_run"}}.
   */
  public void resumeFrom(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String tenant = principal.tenantId();
    boolean latest = latestVersion(ctx);
    Run old = load(principal, ctx);
    String nodeId = ctx.pathParam("nodeId");
    String workflowId = runs.workflowIdOf(principal, old.id());
    Workflow snapshot = snapshot(principal, workflowId, old, latest);
    boolean known = false;
    for (Node node : snapshot.graph().nodes()) {
      known |= node.id().equals(nodeId);
    }
    if (!known && latest) {
      throw ApiException.conflict(
          "node_missing",
          "Node "
              + nodeId
              + " is not in the current version "
              + snapshot.version()
              + " of the workflow.");
    }
    if (!known) {
      throw ApiException.notFound(
          "Node " + nodeId + " is not in version " + old.workflowVersion() + " of the workflow.");
    }
    if (old.status() != RunStatus.FAILED && old.status() != RunStatus.CANCELLED) {
      throw ApiException.conflict(
          "run_not_resumable",
          "Run "
              + old.id()
              + " is "
              + old.status().json()
              + "; only failed or cancelled runs can be resumed.");
    }
    ResumeState state;
    try {
      state = ResumePlanner.plan(snapshot.graph(), nodeId, results(tenant, old.id()), components);
    } catch (ResumePlanner.NoUpstreamState e) {
      throw ApiException.conflict(
          "no_upstream_state",
          "Run " + old.id() + " cannot be resumed from " + nodeId + ": " + e.getMessage() + ".");
    }
    Run now = launch(tenant, old, snapshot, TriggerType.RESUME, state);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "message",
        "Run " + old.id() + " resumed from node " + nodeId + " as run " + now.id() + ".");
    body.put("new_run", withDetails(principal, now));
    Requests.json(ctx, 202, body);
  }

  /**
   * {@code POST /workflows/runs/{runId}/rerun?version=run|latest}: a new run from the trigger with
   * the closed run's trigger payload; 202 {@code {"message", "new_run"}}.
   */
  public void rerun(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String tenant = principal.tenantId();
    boolean latest = latestVersion(ctx);
    Run old = load(principal, ctx);
    if (!old.status().isTerminal()) {
      throw ApiException.conflict(
          "run_open",
          "Run " + old.id() + " is " + old.status().json() + "; only closed runs can be re-run.");
    }
    String workflowId = database.dao(RunDao.class).workflowIdOf(tenant, old.id()).orElseThrow();
    Run now =
        launch(tenant, old, snapshot(principal, workflowId, old, latest), TriggerType.RERUN, null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", "Run " + old.id() + " re-run from its trigger as run " + now.id() + ".");
    body.put("new_run", withDetails(principal, now));
    Requests.json(ctx, 202, body);
  }

  /**
   * {@code POST /workflows/{id}/runs/cancel} {@code {"status": [...]}}: cancels the workflow's open
   * runs with those statuses, oldest first, at most {@value #BULK_LIMIT}; 202 {@code {"runs": n}}.
   */
  public void bulkCancel(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String tenant = principal.tenantId();
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    JsonNode body = WorkflowController.body(ctx);
    List<ValidationError> errors = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    JsonNode given = body.get("status");
    if (given == null || !given.isArray() || given.isEmpty()) {
      errors.add(
          new ValidationError(
              given == null ? "required" : "invalid_type",
              "status",
              "status must be a non-empty array of open statuses (" + OPEN + ")"));
    } else {
      for (int i = 0; i < given.size(); i++) {
        JsonNode s = given.get(i);
        if (!s.isTextual() || !OPEN.contains(s.asText())) {
          errors.add(
              new ValidationError(
                  "invalid_value", "status[" + i + "]", "status must be one of " + OPEN));
        } else {
          statuses.add(s.asText());
        }
      }
    }
    unknownFields(body, List.of("status"), errors);
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("invalid_request", "The bulk cancel is not valid.", errors);
    }
    workflows.load(principal, id);
    int cancelled = 0;
    for (Run run : database.dao(RunBulkDao.class).select(tenant, id, statuses, null, BULK_LIMIT)) {
      try {
        canceller.cancel(tenant, run);
        cancelled++;
      } catch (ApiException e) {
        if (e.status() != 409) {
          throw e;
        }
      }
    }
    Requests.json(ctx, 202, Map.of("runs", cancelled));
  }

  /**
   * {@code POST /workflows/{id}/runs/rerun} {@code {"status": "failed", "since": ts}}: re-runs the
   * workflow's closed runs with that status (created at or after {@code since}), oldest first, at
   * most {@value #BULK_LIMIT}; 202 {@code {"runs": n}}.
   */
  public void bulkRerun(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String tenant = principal.tenantId();
    String id = Requests.pathId(ctx, "id", Ids.WORKFLOW, "Workflow");
    boolean latest = latestVersion(ctx);
    JsonNode body = WorkflowController.body(ctx);
    List<ValidationError> errors = new ArrayList<>();
    JsonNode status = body.get("status");
    String wanted = "failed";
    if (status != null && !status.isNull()) {
      if (!status.isTextual() || !CLOSED.contains(status.asText())) {
        errors.add(
            new ValidationError("invalid_value", "status", "status must be one of " + CLOSED));
      } else {
        wanted = status.asText();
      }
    }
    Instant since = null;
    JsonNode sinceValue = body.get("since");
    if (sinceValue != null && !sinceValue.isNull()) {
      try {
        since = Instant.parse(sinceValue.asText());
      } catch (RuntimeException e) {
        errors.add(
            new ValidationError(
                "invalid_value", "since", "since must be an RFC 3339 timestamp in UTC"));
      }
      if (!sinceValue.isTextual()) {
        errors.add(new ValidationError("invalid_type", "since", "since must be a string"));
      }
    }
    unknownFields(body, List.of("status", "since"), errors);
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("invalid_request", "The bulk rerun is not valid.", errors);
    }
    Workflow current = workflows.snapshot(principal, id, workflows.load(principal, id).version());
    int started = 0;
    for (Run old :
        database.dao(RunBulkDao.class).select(tenant, id, List.of(wanted), since, BULK_LIMIT)) {
      Workflow snapshot =
          latest ? current : workflows.snapshot(principal, id, old.workflowVersion());
      if (snapshot != null) {
        launch(tenant, old, snapshot, TriggerType.RERUN, null);
        started++;
      }
    }
    Requests.json(ctx, 202, Map.of("runs", started));
  }

  /**
   * Records and starts a resume or rerun of {@code old} through the one run recorder (concurrency
   * limits apply), then returns the new run as stored now.
   */
  private Run launch(
      String tenant, Run old, Workflow snapshot, TriggerType trigger, ResumeState state) {
    Run recorded =
        RunOutcomes.accepted(
                engine.start(
                    RunRequest.of(tenant, snapshot, trigger, old.triggerPayload())
                        .withResumedFrom(old.id(), state == null ? null : Json.write(state))))
            .run();
    return database.dao(RunDao.class).find(tenant, recorded.id()).orElseThrow();
  }

  /** The old run's results: restored upstream outputs of a resumed run first, then its logs. */
  private List<ResumePlanner.LoggedResult> results(String tenant, String runId) {
    List<ResumePlanner.LoggedResult> logs = new ArrayList<>();
    database
        .dao(RunControlDao.class)
        .resumeState(tenant, runId)
        .map(json -> Json.MAPPER.convertValue(Json.parse(json), ResumeState.class))
        .ifPresent(
            inherited -> {
              for (ResumeState.RestoredNode node : inherited.restored()) {
                logs.add(
                    new ResumePlanner.LoggedResult(
                        node.nodeId(),
                        "error".equals(node.handle()) ? "error" : "success",
                        node.output(),
                        node.handle()));
              }
            });
    for (RunLog log : database.dao(RunLogDao.class).forRun(tenant, runId)) {
      logs.add(
          new ResumePlanner.LoggedResult(log.nodeId(), log.status(), log.output(), log.handle()));
    }
    return logs;
  }

  private Workflow snapshot(Principal principal, String workflowId, Run old, boolean latest) {
    Workflow snapshot =
        latest
            ? workflows.snapshot(
                principal, workflowId, workflows.load(principal, workflowId).version())
            : workflows.snapshot(principal, workflowId, old.workflowVersion());
    if (snapshot == null) {
      throw ApiException.notFound("Run " + old.id() + "'s workflow was not found.");
    }
    return snapshot;
  }

  private static boolean latestVersion(Context ctx) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!"version".equals(name)) {
        throw ApiException.badRequest("invalid_query", "Unknown query parameter " + name + ".");
      }
    }
    String version = ctx.queryParam("version");
    if (version == null || "run".equals(version)) {
      return false;
    }
    if ("latest".equals(version)) {
      return true;
    }
    throw ApiException.badRequest(
        "invalid_query", "version must be run or latest, not " + version + ".");
  }

  private static void unknownFields(
      JsonNode body, List<String> known, List<ValidationError> errors) {
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                errors.add(new ValidationError("invalid_value", f, "unknown field " + f));
              }
            });
  }

  private Run load(Principal principal, Context ctx) {
    return runs.find(principal, Requests.pathId(ctx, "runId", Ids.RUN, "Run"));
  }

  private Run withDetails(Principal principal, Run run) {
    return runs.withDetails(principal, run);
  }
}

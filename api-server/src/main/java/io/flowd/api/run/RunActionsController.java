package io.flowd.api.run;

import io.flowd.api.app.Requests;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.engine.TemporalIds;
import io.flowd.engine.workflow.ResumePlanner;
import io.flowd.engine.workflow.ResumeState;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.Ids;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.NewRun;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Actions on an existing run: {@code POST /workflows/runs/{runId}/cancel} and {@code POST
 * /workflows/runs/{runId}/resume-from/{nodeId}}.
 */
public final class RunActionsController {
  private final Database database;
  private final WorkflowService workflows;
  private final RunService runs;
  private final RunCanceller canceller;
  private final RunDispatcher dispatcher;
  private final ComponentCatalog components;

  public RunActionsController(
      Database database,
      WorkflowService workflows,
      RunService runs,
      RunCanceller canceller,
      RunDispatcher dispatcher,
      ComponentCatalog components) {
    this.components = components;
    this.database = database;
    this.workflows = workflows;
    this.runs = runs;
    this.canceller = canceller;
    this.dispatcher = dispatcher;
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
   * {@code POST /workflows/runs/{runId}/resume-from/{nodeId}}: a new run of a failed or cancelled
   * run's workflow version and trigger payload that starts at the node with the outputs its
   * upstream nodes had; 202 {@code {"message", "new_run"}}.
   */
  public void resumeFrom(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String tenant = principal.tenantId();
    Run old = load(principal, ctx);
    String nodeId = ctx.pathParam("nodeId");
    String workflowId = runs.workflowIdOf(principal, old.id());
    Workflow snapshot = workflows.snapshot(principal, workflowId, old.workflowVersion());
    if (snapshot == null) {
      throw ApiException.notFound("Run " + old.id() + "'s workflow was not found.");
    }
    boolean known = false;
    for (Node node : snapshot.graph().nodes()) {
      known |= node.id().equals(nodeId);
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
    List<ResumePlanner.LoggedResult> logs = new ArrayList<>();
    for (RunLog log : database.dao(RunLogDao.class).forRun(tenant, old.id())) {
      logs.add(
          new ResumePlanner.LoggedResult(log.nodeId(), log.status(), log.output(), log.handle()));
    }
    ResumeState state;
    try {
      state = ResumePlanner.plan(snapshot.graph(), nodeId, logs, components);
    } catch (ResumePlanner.NoUpstreamState e) {
      throw ApiException.conflict(
          "no_upstream_state",
          "Run " + old.id() + " cannot be resumed from " + nodeId + ": " + e.getMessage() + ".");
    }
    String newRunId = Ids.next(Ids.RUN);
    database
        .jdbi()
        .useTransaction(
            (Handle h) -> {
              h.attach(RunDao.class)
                  .insert(
                      tenant,
                      new NewRun(
                          newRunId,
                          workflowId,
                          old.workflowVersion(),
                          "resume",
                          Json.write(old.triggerPayload()),
                          old.id(),
                          TemporalIds.forRun(tenant, workflowId, newRunId),
                          false));
              h.attach(RunControlDao.class).setResumeState(tenant, newRunId, Json.write(state));
            });
    Run created = database.dao(RunDao.class).find(tenant, newRunId).orElseThrow();
    dispatcher.dispatchNew(tenant, created, snapshot);
    Run now = database.dao(RunDao.class).find(tenant, newRunId).orElseThrow();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "message",
        "Run " + old.id() + " resumed from node " + nodeId + " as run " + newRunId + ".");
    body.put("new_run", withDetails(principal, now));
    Requests.json(ctx, 202, body);
  }

  private Run load(Principal principal, Context ctx) {
    return runs.find(principal, Requests.pathId(ctx, "runId", Ids.RUN, "Run"));
  }

  private Run withDetails(Principal principal, Run run) {
    return runs.withDetails(principal, run);
  }
}

package io.flowd.api.run;

import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.engine.workflow.ResumePlanner;
import io.flowd.engine.workflow.ResumeState;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.Run;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.model.Workflow;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunOutcome;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TriggerType;
import io.flowd.store.Database;
import io.flowd.store.RunBulkDao;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Actions on existing runs: cancel, resume from a node, rerun from the trigger, and the bulk cancel
 * and rerun of a workflow's runs. New runs start through the run engine ({@code RunEngine}), so
 * concurrency limits hold for them too.
 */
public final class RunActionService {
  /** The most runs one bulk action touches. */
  public static final int BULK_LIMIT = 1000;

  private final Database database;
  private final WorkflowService workflows;
  private final RunService runs;
  private final RunCanceller canceller;
  private final RunEngine engine;
  private final ComponentCatalog components;

  public RunActionService(
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

  /** Cancels the run and returns it as stored now; 409 when it is already closed. */
  public Run cancel(Principal principal, Run run) {
    canceller.cancel(principal.tenantId(), run);
    return database.dao(RunDao.class).find(principal.tenantId(), run.id()).orElseThrow();
  }

  /**
   * Starts a new run of a failed or cancelled run's trigger payload at node {@code nodeId}, with
   * the outputs its upstream nodes had, in the run's workflow version or the current one.
   */
  public Run resume(Principal principal, Run old, String nodeId, boolean latest) {
    String tenant = principal.tenantId();
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
    return launch(tenant, old, snapshot, TriggerType.RESUME, state);
  }

  /** Starts a new run from the trigger with the closed run's trigger payload. */
  public Run rerun(Principal principal, Run old, boolean latest) {
    String tenant = principal.tenantId();
    if (!old.status().isTerminal()) {
      throw ApiException.conflict(
          "run_open",
          "Run " + old.id() + " is " + old.status().json() + "; only closed runs can be re-run.");
    }
    String workflowId = database.dao(RunDao.class).workflowIdOf(tenant, old.id()).orElseThrow();
    return launch(
        tenant, old, snapshot(principal, workflowId, old, latest), TriggerType.RERUN, null);
  }

  /**
   * Cancels the workflow's open runs with those statuses, oldest first, at most {@value
   * #BULK_LIMIT}; returns how many it cancelled.
   */
  public int bulkCancel(Principal principal, String id, List<String> statuses) {
    String tenant = principal.tenantId();
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
    return cancelled;
  }

  /**
   * Re-runs the workflow's closed runs with status {@code wanted} (created at or after {@code
   * since} when given), oldest first, at most {@value #BULK_LIMIT}; returns how many it started.
   */
  public int bulkRerun(
      Principal principal, String id, String wanted, Instant since, boolean latest) {
    String tenant = principal.tenantId();
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
    return started;
  }

  /**
   * Records and starts a resume or rerun of {@code old} through the one run recorder (concurrency
   * limits apply), then returns the new run as stored now. A resume holds the old run's row while
   * it is recorded, so the purger cannot delete the run whose outputs it restores in between.
   */
  private Run launch(
      String tenant, Run old, Workflow snapshot, TriggerType trigger, ResumeState state) {
    RunRequest request =
        RunRequest.of(tenant, snapshot, trigger, old.triggerPayload())
            .withResumedFrom(old.id(), state == null ? null : Json.write(state));
    if (state != null) {
      request = request.withGuard(h -> sourceKept(h, tenant, old.id()));
    }
    Run recorded = RunOutcomes.accepted(engine.start(request)).run();
    return database.dao(RunDao.class).find(tenant, recorded.id()).orElseThrow();
  }

  /** Locks the resumed run's row until the resume is recorded; 404 when it was purged. */
  private static Optional<RunOutcome> sourceKept(Handle h, String tenant, String runId) {
    return h.attach(RunControlDao.class).holdRun(tenant, runId)
        ? Optional.empty()
        : Optional.of(new RunOutcome.NotFound("Run " + runId + " was not found."));
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
}

package io.flowd.api.run;

import io.flowd.engine.RunLaunch;
import io.flowd.engine.RunSpec;
import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.LogContext;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.ResumeState;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunRef;
import io.flowd.model.RunStatus;
import io.flowd.model.Workflow;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.store.Database;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.flowd.store.WorkflowDao;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Temporal execution of a run recorded in PostgreSQL. The execution's id comes from the
 * run, and a second start of the same run (a retry, the sweeper, a replayed key) either attaches to
 * the running execution or is refused as a duplicate: a run can never fork.
 */
public final class RunDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RunDispatcher.class);

  private final WorkflowClient client;
  private final String taskQueue;
  private final RunDao runs;
  private final RunControlDao control;
  private final WorkflowDao workflows;
  private final PayloadStore payloads;
  private final RunLaunch launch;

  public RunDispatcher(WorkflowClient client, String taskQueue, Database database) {
    this(client, taskQueue, database, new RunLaunch(FlowdMetrics.create(), () -> false));
  }

  /**
   * @param launch builds the start options and counts new runs
   */
  public RunDispatcher(
      WorkflowClient client, String taskQueue, Database database, RunLaunch launch) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.runs = database.dao(RunDao.class);
    this.control = database.dao(RunControlDao.class);
    this.workflows = database.dao(WorkflowDao.class);
    this.payloads = new PayloadStore(database);
    this.launch = launch;
  }

  /** Starts a stored run by id; returns whether Temporal now has its execution. */
  public boolean dispatch(String tenantId, String runId, String workflowId) {
    return dispatch(tenantId, runId, workflowId, false);
  }

  /**
   * Starts again a run that PostgreSQL holds as open but whose execution Temporal lost (the
   * start-up reconciliation); its Temporal id stays the same.
   */
  public boolean restartLost(String tenantId, String runId, String workflowId) {
    return dispatch(tenantId, runId, workflowId, true);
  }

  private boolean dispatch(String tenantId, String runId, String workflowId, boolean lost) {
    Run run = runs.find(tenantId, runId).orElse(null);
    if (run == null) {
      return false;
    }
    if (run.status() != RunStatus.PENDING && !(lost && !run.status().isTerminal())) {
      return true;
    }
    Workflow snapshot =
        workflows.findVersion(tenantId, workflowId, run.workflowVersion(), "").orElse(null);
    if (snapshot == null) {
      return false;
    }
    return dispatch(tenantId, run, snapshot);
  }

  /**
   * Starts a run that was just recorded and counts it once in {@code flowd_runs_started_total}
   * (later dispatches of the same run, by the outbox or a replayed key, are not counted).
   */
  public boolean dispatchNew(String tenantId, Run run, Workflow snapshot) {
    launch.counted(spec(tenantId, run, snapshot));
    return dispatch(tenantId, run, snapshot);
  }

  /**
   * Starts {@code run} of the workflow version {@code snapshot}; returns {@code false} when
   * Temporal did not take it or the workflow has been deleted meanwhile. No connection is held
   * across the Temporal call: one statement then marks the run dispatched and reads its status, and
   * a run that was cancelled or deleted (with its workflow, whose DELETE locks the open runs) in
   * the meantime is cancelled on Temporal.
   */
  public boolean dispatch(String tenantId, Run run, Workflow snapshot) {
    RunRef ref = new RunRef(tenantId, snapshot.id(), snapshot.version(), run.id());
    ResumeState resume =
        run.resumedFromRunId() == null
            ? null
            : control
                .resumeState(tenantId, run.id())
                .map(json -> Json.MAPPER.convertValue(Json.parse(json), ResumeState.class))
                .orElse(null);
    // Claim check: a trigger payload over 256 KiB (a webhook body) travels by reference.
    GraphRunInput input =
        new GraphRunInput(
            ref, snapshot.graph(), payloads.offload(ref, "trigger", run.triggerPayload()), resume);
    WorkflowOptions options = launch.workflowOptions(spec(tenantId, run, snapshot), taskQueue);
    try (LogContext ignored =
        LogContext.forRun(ref).with(LogContext.TEMPORAL_WORKFLOW_ID, run.temporalWorkflowId())) {
      try {
        WorkflowClient.start(client.newWorkflowStub(GraphWorkflow.class, options)::run, input);
      } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
        LOG.debug("run {} was already started", run.id());
      } catch (RuntimeException e) {
        LOG.warn("could not start run {} on Temporal yet: {}", run.id(), e.toString());
        return false;
      }
      Optional<String> status = runs.markDispatchedStatus(tenantId, run.id());
      if (status.isEmpty()) {
        LOG.info("run {} was deleted with its workflow while starting; cancelling it", run.id());
        RunCanceller.cancelQuietly(client, run.temporalWorkflowId());
        return false;
      }
      if (RunStatus.CANCELLED.json().equals(status.get())) {
        RunCanceller.cancelQuietly(client, run.temporalWorkflowId());
      }
      return true;
    }
  }

  private static RunSpec spec(String tenantId, Run run, Workflow snapshot) {
    return new RunSpec(
        tenantId,
        snapshot.id(),
        snapshot.version(),
        snapshot.name(),
        run.id(),
        run.triggerType(),
        run.temporalWorkflowId());
  }
}

package io.flowd.runs;

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
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Temporal execution of a run recorded in PostgreSQL. The execution's id comes from the
 * run, and a second start of the same run (a retry, the sweeper, a replayed key) either attaches to
 * the running execution or is refused as a duplicate: a run can never fork.
 */
public final class RunDispatcher implements AutoCloseable {
  /** The error message of a run whose id Temporal holds without an execution. */
  public static final String UNSTARTABLE_MESSAGE =
      "Temporal refused to start the run and keeps its id without an execution (the test server"
          + " after it came back empty); the run cannot start under that id. Start it again.";

  private static final Logger LOG = LoggerFactory.getLogger(RunDispatcher.class);

  private final WorkflowClient client;
  private final String taskQueue;
  private final RunDao runs;
  private final RunControlDao control;
  private final WorkflowDao workflows;
  private final PayloadStore payloads;
  private final RunLaunch launch;
  private final Database database;
  private final DispatchConfirmations confirmations;

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
    this.database = database;
    this.launch = launch;
    this.confirmations = new DispatchConfirmations(client, database);
  }

  /** Marks the starts confirmed so far dispatched, then stops marking. */
  @Override
  public void close() {
    confirmations.close();
  }

  /** Starts a stored run by id; returns whether Temporal now has its execution. */
  public boolean dispatch(String tenantId, String runId, String workflowId) {
    return dispatch(tenantId, runId, workflowId, false);
  }

  /**
   * The outbox's start of a run that was never dispatched: the run's row stays locked across the
   * Temporal call, so a DELETE of its workflow waits for the attempt and then either drops a run
   * Temporal never took or cancels one it did; a start can never land after the row is gone.
   */
  public boolean dispatchPending(String tenantId, String runId, String workflowId) {
    return database
        .jdbi()
        .inTransaction(
            h -> {
              Run run = h.attach(RunDao.class).lockUndispatched(tenantId, runId).orElse(null);
              if (run == null) {
                return false;
              }
              Workflow snapshot =
                  workflows
                      .findVersion(tenantId, workflowId, run.workflowVersion(), "")
                      .orElse(null);
              if (snapshot == null || !dispatch(tenantId, run, snapshot, h, false)) {
                return false;
              }
              if (TriggerType.ON_FAILURE.json().equals(run.triggerType())) {
                // Recorded in the failed run's terminal transaction, it is counted once here, at
                // the one start that marks it dispatched (every other run is counted at record).
                launch.counted(spec(tenantId, run, snapshot));
              }
              return true;
            });
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
   * Acts on a run {@link RunRecorder} just recorded: starts it when it took a slot (counting it
   * once), leaves it to the queue sweeper when {@code queued}, and cancels the run a {@code
   * cancel_oldest} admission pushed out. Returns whether Temporal has the new run's execution.
   */
  public boolean afterRecord(String tenantId, RunRecorder.Recorded recorded, Workflow snapshot) {
    if (recorded.pushedOutTemporalId() != null) {
      TemporalCancels.cancelQuietly(client, recorded.pushedOutTemporalId());
    }
    if (!recorded.inserted()) {
      return recorded.startNow() && dispatch(tenantId, recorded.run().id(), snapshot.id());
    }
    if (!recorded.startNow()) {
      launch.counted(spec(tenantId, recorded.run(), snapshot));
      return false;
    }
    return dispatchNew(tenantId, recorded.run(), snapshot);
  }

  /**
   * Acts on a run its caller starts itself (a child run): counts it once when new and cancels the
   * run a {@code cancel_oldest} admission pushed out.
   */
  void countAndCancelPushedOut(String tenantId, RunRecorder.Recorded recorded, Workflow snapshot) {
    if (recorded.pushedOutTemporalId() != null) {
      TemporalCancels.cancelQuietly(client, recorded.pushedOutTemporalId());
    }
    if (recorded.inserted()) {
      launch.counted(spec(tenantId, recorded.run(), snapshot));
    }
  }

  /**
   * Starts a run that was just recorded and counts it once in {@code flowd_runs_started_total}
   * (later dispatches of the same run, by the outbox or a replayed key, are not counted).
   */
  public boolean dispatchNew(String tenantId, Run run, Workflow snapshot) {
    launch.counted(spec(tenantId, run, snapshot));
    return dispatch(tenantId, run, snapshot, null, true);
  }

  /**
   * Starts {@code run} of the workflow version {@code snapshot}; returns {@code false} when
   * Temporal did not take it or the workflow has been deleted meanwhile. No connection is held
   * across the Temporal call: one statement then marks the run dispatched and reads its status, and
   * a run that was cancelled or deleted (with its workflow, whose DELETE locks the open runs) in
   * the meantime is cancelled on Temporal.
   */
  public boolean dispatch(String tenantId, Run run, Workflow snapshot) {
    return dispatch(tenantId, run, snapshot, null, false);
  }

  /**
   * Starts {@code run}, writing its dispatch on {@code h} (a locking transaction's; {@code null}: a
   * connection taken after the Temporal call), or, when {@code batched} (a run just recorded),
   * leaving the mark to the batched {@link DispatchConfirmations}.
   */
  private boolean dispatch(String tenantId, Run run, Workflow snapshot, Handle h, boolean batched) {
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
                ref,
                snapshot.graph(),
                payloads.offload(ref, "trigger", run.triggerPayload()),
                resume)
            .withTimeout(snapshot.timeoutSeconds());
    RunSpec spec = spec(tenantId, run, snapshot);
    try (LogContext ignored =
        LogContext.forRun(ref).with(LogContext.TEMPORAL_WORKFLOW_ID, run.temporalWorkflowId())) {
      try {
        start(launch.workflowOptions(spec, taskQueue), input, run);
      } catch (RuntimeException e) {
        if (!launch.startFailed(e)) {
          LOG.warn("could not start run {} on Temporal yet: {}", run.id(), e.toString());
          return false;
        }
        // Temporal came back without flowd's search attributes: they were registered again.
        LOG.warn(
            "Temporal did not know flowd's search attributes; starting run {} again", run.id());
        try {
          start(launch.workflowOptions(spec, taskQueue), input, run);
        } catch (RuntimeException again) {
          LOG.warn("could not start run {} on Temporal yet: {}", run.id(), again.toString());
          return false;
        }
        if (!executionExists(run.temporalWorkflowId())) {
          // The test server keeps the id of the refused start without an execution: no later
          // start of this id can work, so the run ends here with the reason instead of hanging.
          if (h == null) {
            RunClosing.close(database, tenantId, run.id(), RunStatus.FAILED, UNSTARTABLE_MESSAGE);
          } else {
            RunClosing.close(h, tenantId, run.id(), RunStatus.FAILED, UNSTARTABLE_MESSAGE);
          }
          return false;
        }
      }
      if (batched) {
        confirmations.confirm(tenantId, run.id(), run.temporalWorkflowId());
        return true;
      }
      Optional<String> status;
      try {
        status =
            h == null
                ? runs.markDispatchedStatus(tenantId, run.id())
                : h.attach(RunDao.class).markDispatchedStatus(tenantId, run.id());
      } catch (RuntimeException e) {
        // Temporal has the run: it is accepted. The outbox confirms it later (USE_EXISTING).
        LOG.warn(
            "run {} started but could not be marked dispatched yet: {}", run.id(), e.toString());
        return true;
      }
      if (status.isEmpty()) {
        LOG.info("run {} was deleted with its workflow while starting; cancelling it", run.id());
        TemporalCancels.cancelQuietly(client, run.temporalWorkflowId());
        return false;
      }
      if (RunStatus.CANCELLED.json().equals(status.get())) {
        TemporalCancels.cancelQuietly(client, run.temporalWorkflowId());
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

  private void start(WorkflowOptions options, GraphRunInput input, Run run) {
    try {
      WorkflowClient.start(client.newWorkflowStub(GraphWorkflow.class, options)::run, input);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      LOG.debug("run {} was already started", run.id());
    }
  }

  /** Returns whether Temporal has an execution of the id (true when it cannot tell). */
  boolean executionExists(String temporalWorkflowId) {
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(temporalWorkflowId))
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() != Status.Code.NOT_FOUND;
    }
  }
}

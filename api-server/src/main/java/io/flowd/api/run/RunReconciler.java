package io.flowd.api.run;

import com.google.protobuf.Timestamp;
import io.flowd.model.RunStatus;
import io.flowd.runs.RunClosing;
import io.flowd.runs.RunDispatcher;
import io.flowd.store.Database;
import io.flowd.store.OpenRunState;
import io.flowd.store.ReconcileDao;
import io.flowd.store.RunDao;
import io.flowd.store.ScheduleDao;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.PendingWorkflowTaskState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.ResetStickyTaskQueueRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every open run's row in PostgreSQL converge to its Temporal execution, all the time (not
 * only at start-up). Each pass pages through open runs older than a few seconds, oldest first,
 * describes their executions and repairs what disagrees:
 *
 * <ul>
 *   <li>no execution, nothing run yet: started again with the same id (a start that never reached
 *       Temporal, or a server that lost it);
 *   <li>no execution after nodes ran: marked {@code failed} as lost (it is not run twice);
 *   <li>a child run whose parent has ended and that never started: marked {@code cancelled}, never
 *       started;
 *   <li>a closed execution behind an open row (a status write that never landed): the row gets the
 *       status Temporal holds;
 *   <li>a cancel older than the grace period whose execution is still open: the execution is
 *       terminated and the run recorded {@code cancelled};
 *   <li>a workflow task waiting far too long: the sticky queue of its (dead) worker is reset.
 * </ul>
 *
 * One process at a time reconciles: a pass holds a PostgreSQL advisory lock.
 */
public final class RunReconciler implements AutoCloseable {
  /** The error message of a run lost with the Temporal server. */
  public static final String LOST_MESSAGE =
      "Run was lost with the Temporal server (its execution no longer exists) after it had"
          + " already run nodes; it was not restarted so that no step runs twice. Start it again"
          + " or resume it from a node.";

  /** The error message of a child run whose parent ended before it started. */
  public static final String PARENT_CLOSED_MESSAGE =
      "The parent run ended before this child run started.";

  private static final Logger LOG = LoggerFactory.getLogger(RunReconciler.class);
  private static final long LOCK_KEY = 0x666c6f7764726563L;
  private static final int PAGE = 200;
  private static final Duration STUCK_WORKFLOW_TASK = Duration.ofSeconds(30);
  private static final Duration PASS_BUDGET = Duration.ofSeconds(60);

  /** What one pass did, for logs and tests. */
  public record Pass(int examined, int restarted, int lost, int closed, int cancelled) {
    boolean changedAnything() {
      return restarted + lost + closed + cancelled > 0;
    }
  }

  private final Database database;
  private final ReconcileDao dao;
  private final RunDao runs;
  private final ScheduleDao schedules;
  private final RunDispatcher dispatcher;
  private final WorkflowClient client;
  private final Duration minAge;
  private final Duration cancelGrace;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "flowd-reconcile-runs");
            thread.setDaemon(true);
            return thread;
          });

  public RunReconciler(
      Database database,
      RunDispatcher dispatcher,
      WorkflowClient client,
      Duration minAge,
      Duration cancelGrace) {
    this.database = database;
    this.dao = database.dao(ReconcileDao.class);
    this.runs = database.dao(RunDao.class);
    this.schedules = database.dao(ScheduleDao.class);
    this.dispatcher = dispatcher;
    this.client = client;
    this.minAge = minAge;
    this.cancelGrace = cancelGrace;
  }

  /** Reconciles every {@code interval} until closed, the first pass at once. */
  public RunReconciler start(Duration interval) {
    executor.scheduleWithFixedDelay(
        this::passQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void passQuietly() {
    try {
      Pass pass = pass();
      if (pass.changedAnything()) {
        LOG.info(
            "reconciled {} open run(s): {} restarted, {} lost, {} closed as Temporal holds, {}"
                + " cancelled",
            pass.examined(),
            pass.restarted(),
            pass.lost(),
            pass.closed(),
            pass.cancelled());
      }
    } catch (RuntimeException e) {
      LOG.warn("run reconciliation failed, retrying at the next pass: {}", e.toString());
    }
  }

  /**
   * Runs one pass; returns what it did (all zeros when another process holds the lock).
   *
   * @throws RuntimeException when PostgreSQL does not answer
   */
  public Pass pass() {
    try (Handle lock = database.jdbi().open()) {
      lock.begin();
      try {
        if (!lock.attach(ReconcileDao.class).tryLock(LOCK_KEY)) {
          return new Pass(0, 0, 0, 0, 0);
        }
        return passLocked();
      } finally {
        lock.rollback();
      }
    }
  }

  private Pass passLocked() {
    int[] counts = new int[5];
    Instant afterCreatedAt = Instant.EPOCH;
    String afterId = "";
    long deadline = System.nanoTime() + PASS_BUDGET.toNanos();
    List<OpenRunState> page;
    do {
      page =
          dao.openPage(
              minAge.toMillis() / 1000.0,
              cancelGrace.toMillis() / 1000.0,
              afterCreatedAt,
              afterId,
              PAGE);
      for (OpenRunState run : page) {
        counts[0]++;
        try {
          Outcome outcome = reconcile(run);
          if (outcome != Outcome.UNCHANGED) {
            counts[outcome.ordinal()]++;
          }
        } catch (StatusRuntimeException e) {
          if (unreachable(e)) {
            throw e;
          }
          LOG.warn("could not reconcile run {}: {}", run.id(), e.getStatus());
        }
      }
      if (!page.isEmpty()) {
        OpenRunState last = page.get(page.size() - 1);
        afterCreatedAt = last.createdAt();
        afterId = last.id();
      }
    } while (page.size() == PAGE && System.nanoTime() < deadline);
    return new Pass(counts[0], counts[1], counts[2], counts[3], counts[4]);
  }

  private enum Outcome {
    UNCHANGED,
    RESTARTED,
    LOST,
    CLOSED,
    CANCELLED
  }

  private Outcome reconcile(OpenRunState run) {
    if (!run.dispatched() && !run.cancelRequested() && run.parentRunId() == null) {
      return Outcome.UNCHANGED; // the outbox starts it
    }
    DescribeWorkflowExecutionResponse execution = describe(run.temporalWorkflowId());
    if (execution == null) {
      return reconcileMissing(run);
    }
    WorkflowExecutionStatus status = execution.getWorkflowExecutionInfo().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return reconcileClosed(run, status);
    }
    if (run.cancelOverdue()) {
      terminate(run.temporalWorkflowId(), "cancel requested; the run did not stop in time");
      return finish(run, "cancelled", "Run was cancelled") ? Outcome.CANCELLED : Outcome.UNCHANGED;
    }
    releaseStuckWorkflowTask(run, execution);
    return Outcome.UNCHANGED;
  }

  private Outcome reconcileMissing(OpenRunState run) {
    if (run.cancelRequested()) {
      return finish(run, "cancelled", "Run was cancelled") ? Outcome.CANCELLED : Outcome.UNCHANGED;
    }
    if (run.parentRunId() != null) {
      // Its parent starts it; once the parent has ended it never will.
      return run.parentClosed() && finish(run, "cancelled", PARENT_CLOSED_MESSAGE)
          ? Outcome.CANCELLED
          : Outcome.UNCHANGED;
    }
    if (!run.dispatched()) {
      return Outcome.UNCHANGED;
    }
    if (schedules.loggedBeyondTrigger(run.tenantId(), run.id())) {
      return finish(run, "failed", LOST_MESSAGE) ? Outcome.LOST : Outcome.UNCHANGED;
    }
    return dispatcher.restartLost(run.tenantId(), run.id(), run.workflowId())
        ? Outcome.RESTARTED
        : Outcome.UNCHANGED;
  }

  private Outcome reconcileClosed(OpenRunState run, WorkflowExecutionStatus status) {
    boolean written =
        switch (status) {
          case WORKFLOW_EXECUTION_STATUS_COMPLETED -> finish(run, "completed", null);
          case WORKFLOW_EXECUTION_STATUS_CANCELED -> finish(run, "cancelled", "Run was cancelled");
          case WORKFLOW_EXECUTION_STATUS_TERMINATED ->
              run.cancelRequested()
                  ? finish(run, "cancelled", "Run was cancelled")
                  : finish(run, "failed", "The run's execution was terminated in Temporal.");
          case WORKFLOW_EXECUTION_STATUS_TIMED_OUT ->
              finish(run, "failed", "The run's execution timed out in Temporal.");
          case WORKFLOW_EXECUTION_STATUS_FAILED ->
              finish(run, "failed", failureMessage(run.temporalWorkflowId()));
          default -> false;
        };
    return written ? Outcome.CLOSED : Outcome.UNCHANGED;
  }

  /**
   * Ends the run through the one terminal write ({@link RunClosing}): its concurrency slot is
   * released and a failed run's failure run is recorded, as when the run ends by itself.
   */
  private boolean finish(OpenRunState run, String status, String message) {
    return database
        .jdbi()
        .inTransaction(
            (Handle h) ->
                RunClosing.close(h, run.tenantId(), run.id(), RunStatus.fromJson(status), message));
  }

  /** Returns the failure message of a failed execution's close event. */
  private String failureMessage(String temporalWorkflowId) {
    String fallback = "The run's execution failed in Temporal.";
    try {
      List<HistoryEvent> events =
          stubs()
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(namespace())
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId(temporalWorkflowId))
                      .setHistoryEventFilterType(
                          HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                      .build())
              .getHistory()
              .getEventsList();
      for (HistoryEvent event : events) {
        if (event.hasWorkflowExecutionFailedEventAttributes()) {
          String message =
              event.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage();
          return message.isBlank() ? fallback : message;
        }
      }
    } catch (StatusRuntimeException e) {
      LOG.debug("no close event of {}: {}", temporalWorkflowId, e.getStatus());
    }
    return fallback;
  }

  /**
   * A workflow task scheduled long ago and never started sits on the sticky queue of a worker that
   * is gone; resetting the sticky queue hands it to any worker (a server without that call relies
   * on the workers asking for no sticky routing).
   */
  private void releaseStuckWorkflowTask(
      OpenRunState run, DescribeWorkflowExecutionResponse execution) {
    if (!execution.hasPendingWorkflowTask()
        || execution.getPendingWorkflowTask().getState()
            != PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED) {
      return;
    }
    Timestamp scheduled = execution.getPendingWorkflowTask().getScheduledTime();
    Instant since = Instant.ofEpochSecond(scheduled.getSeconds(), scheduled.getNanos());
    if (since.plus(STUCK_WORKFLOW_TASK).isAfter(Instant.now())) {
      return;
    }
    try {
      stubs()
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .resetStickyTaskQueue(
              ResetStickyTaskQueueRequest.newBuilder()
                  .setNamespace(namespace())
                  .setExecution(
                      WorkflowExecution.newBuilder().setWorkflowId(run.temporalWorkflowId()))
                  .build());
      LOG.info("run {}: workflow task waited since {}; sticky queue reset", run.id(), since);
    } catch (StatusRuntimeException e) {
      LOG.debug("could not reset the sticky queue of {}: {}", run.id(), e.getStatus());
    }
  }

  private void terminate(String temporalWorkflowId, String reason) {
    try {
      stubs()
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .terminateWorkflowExecution(
              TerminateWorkflowExecutionRequest.newBuilder()
                  .setNamespace(namespace())
                  .setWorkflowExecution(
                      WorkflowExecution.newBuilder().setWorkflowId(temporalWorkflowId))
                  .setReason(reason)
                  .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
  }

  /** Returns the latest execution of the id, or {@code null} when Temporal has none. */
  private DescribeWorkflowExecutionResponse describe(String temporalWorkflowId) {
    try {
      return stubs()
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(namespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(temporalWorkflowId))
                  .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static boolean unreachable(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
  }

  private WorkflowServiceStubs stubs() {
    return client.getWorkflowServiceStubs();
  }

  private String namespace() {
    return client.getOptions().getNamespace();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

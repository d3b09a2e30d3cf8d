package io.flowd.worker.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.RunLaunch;
import io.flowd.engine.RunSpec;
import io.flowd.engine.run.RunRecorder;
import io.flowd.engine.run.RunToRecord;
import io.flowd.engine.schedule.ScheduleConfig;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.model.Timestamps;
import io.flowd.model.TriggerSettings;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.OpenRun;
import io.flowd.store.RunDao;
import io.flowd.store.ScheduleDao;
import io.flowd.store.ScheduleRow;
import io.flowd.store.ScheduleState;
import io.flowd.store.WorkflowDao;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedules. The run is started through the worker's client from this activity rather than as
 * a child workflow: the graph snapshot then never enters the schedule's history (a hundred fires of
 * a large graph would otherwise bloat it), and the start takes the very path of API runs (id from
 * {@link io.flowd.engine.RunLaunch}: same id scheme, memo and search attributes), with the outbox
 * sweeper as the backstop if the worker dies between the insert and the start.
 */
public final class ScheduleActivitiesImpl implements ScheduleActivities {
  /** The trigger type of scheduled runs. */
  public static final String TRIGGER_TYPE = "schedule";

  private static final Logger LOG = LoggerFactory.getLogger(ScheduleActivitiesImpl.class);

  private final Database database;
  private final ScheduleDao schedules;
  private final RunDao runs;
  private final WorkflowDao workflows;
  private final RunLaunch launch;

  public ScheduleActivitiesImpl(Database database, RunLaunch launch) {
    this.launch = launch;
    this.database = database;
    this.schedules = database.dao(ScheduleDao.class);
    this.runs = database.dao(RunDao.class);
    this.workflows = database.dao(WorkflowDao.class);
  }

  @Override
  public void setNextRunAt(
      String tenantId, String workflowId, ScheduleConfig config, Long nextFireAtMillis) {
    schedules.setNextRunAtIfCurrent(
        tenantId,
        new ScheduleState(
            workflowId,
            config.type(),
            config.value(),
            config.zone(),
            config.active(),
            nextFireAtMillis == null ? null : Instant.ofEpochMilli(nextFireAtMillis)));
  }

  @Override
  public FireOutcome fire(FireRequest request) {
    String tenantId = request.tenantId();
    String workflowId = request.workflowId();
    Optional<ScheduleRow> row = schedules.find(tenantId, workflowId);
    if (row.isEmpty()) {
      return new FireOutcome(FireOutcome.Result.GONE, null, null);
    }
    ScheduleConfig stored = config(row.get());
    if (!stored.sameSchedule(request.config())) {
      return new FireOutcome(FireOutcome.Result.CHANGED, null, stored);
    }
    Instant scheduledAt = Instant.ofEpochMilli(request.scheduledAtMillis());
    Optional<String> skipped = schedules.skipAt(tenantId, workflowId, scheduledAt);
    if (skipped.isPresent()) {
      return new FireOutcome(FireOutcome.Result.SKIPPED, skipped.get(), null);
    }
    String policy = request.policy() == null ? TriggerSettings.SKIP : request.policy();
    ObjectNode payload = Json.object().put("scheduled_at", Timestamps.format(scheduledAt));
    String[] pushedOut = new String[1];
    List<OpenRun> toCancel = new ArrayList<>();
    boolean[] counted = new boolean[1];
    Decision decision =
        database
            .jdbi()
            .inTransaction(
                (Handle h) -> {
                  ScheduleDao dao = h.attach(ScheduleDao.class);
                  Optional<Integer> version =
                      h.createQuery(
                              "SELECT version FROM workflows WHERE tenant_id = :t AND id = :w"
                                  + " FOR UPDATE")
                          .bind("t", tenantId)
                          .bind("w", workflowId)
                          .mapTo(Integer.class)
                          .findOne();
                  Optional<String> existing = dao.runAt(tenantId, workflowId, scheduledAt);
                  if (existing.isPresent()) {
                    publishFollowing(dao, tenantId, workflowId, stored, request);
                    return new Decision(FireOutcome.Result.STARTED, existing.get());
                  }
                  Optional<String> open =
                      dao.openScheduledRun(tenantId, workflowId, request.runId());
                  if (open.isPresent()) {
                    switch (policy) {
                      case TriggerSettings.BUFFER_ONE -> {
                        if (!request.bufferTaken()) {
                          publishFollowing(dao, tenantId, workflowId, stored, request);
                          return new Decision(FireOutcome.Result.BUFFERED, open.get());
                        }
                        dao.recordSkipWithReason(
                            tenantId, workflowId, scheduledAt, open.get(), "overlap");
                        publishFollowing(dao, tenantId, workflowId, stored, request);
                        return new Decision(FireOutcome.Result.SKIPPED, open.get());
                      }
                      case TriggerSettings.CANCEL_OTHER ->
                          toCancel.addAll(
                              dao.openScheduledRuns(tenantId, workflowId, request.runId()));
                      case TriggerSettings.ALLOW -> {}
                      default -> {
                        dao.recordSkipWithReason(
                            tenantId, workflowId, scheduledAt, open.get(), "overlap");
                        publishFollowing(dao, tenantId, workflowId, stored, request);
                        return new Decision(FireOutcome.Result.SKIPPED, open.get());
                      }
                    }
                  }
                  if (version.isEmpty()) {
                    return new Decision(FireOutcome.Result.GONE, null);
                  }
                  Workflow current =
                      h.attach(WorkflowDao.class).find(tenantId, workflowId, "").orElseThrow();
                  // Through the recorder, so the concurrency limit admits schedule runs too.
                  RunRecorder.Recorded recorded =
                      RunRecorder.record(
                          h,
                          new RunToRecord(
                              tenantId,
                              request.runId(),
                              current,
                              TRIGGER_TYPE,
                              payload,
                              null,
                              false,
                              null,
                              scheduledAt));
                  publishFollowing(dao, tenantId, workflowId, stored, request);
                  if (!recorded.inserted()) {
                    // Another run of this fire time won the race; it is the fire's run.
                    return new Decision(
                        FireOutcome.Result.STARTED,
                        dao.runAt(tenantId, workflowId, scheduledAt).orElse(request.runId()));
                  }
                  pushedOut[0] = recorded.pushedOutTemporalId();
                  counted[0] = true;
                  return new Decision(FireOutcome.Result.STARTED, request.runId());
                });
    if (decision.result() == FireOutcome.Result.GONE) {
      return new FireOutcome(FireOutcome.Result.GONE, null, null);
    }
    if (decision.result() != FireOutcome.Result.STARTED) {
      if (decision.result() == FireOutcome.Result.SKIPPED) {
        LOG.warn(
            "schedule of {} skipped the fire at {}: scheduled run {} is still open",
            workflowId,
            Timestamps.format(scheduledAt),
            decision.runId());
      }
      return new FireOutcome(decision.result(), decision.runId(), null);
    }
    for (OpenRun other : toCancel) {
      cancel(tenantId, other);
    }
    if (pushedOut[0] != null) {
      cancelQuietly(pushedOut[0]);
    }
    Run run = runs.find(tenantId, decision.runId()).orElseThrow();
    // A run queued behind the concurrency limit is started by the queue sweeper.
    if (run.status() == RunStatus.PENDING) {
      Workflow snapshot =
          workflows.findVersion(tenantId, workflowId, run.workflowVersion(), "").orElseThrow();
      RunSpec spec =
          new RunSpec(
              tenantId,
              snapshot.id(),
              snapshot.version(),
              snapshot.name(),
              run.id(),
              run.triggerType(),
              run.temporalWorkflowId());
      if (counted[0]) {
        launch.counted(spec);
      }
      start(spec, run, snapshot);
    }
    return new FireOutcome(FireOutcome.Result.STARTED, run.id(), null);
  }

  private static void cancelQuietly(String temporalWorkflowId) {
    try {
      Activity.getExecutionContext()
          .getWorkflowClient()
          .newUntypedWorkflowStub(temporalWorkflowId)
          .cancel();
    } catch (RuntimeException e) {
      LOG.debug("no execution to cancel for {}: {}", temporalWorkflowId, e.toString());
    }
  }

  @Override
  public boolean recordMissed(
      String tenantId, String workflowId, ScheduleConfig config, List<Long> missed, Long next) {
    return database
        .jdbi()
        .inTransaction(
            (Handle h) -> {
              ScheduleDao dao = h.attach(ScheduleDao.class);
              if (dao.find(tenantId, workflowId).isEmpty()) {
                return false;
              }
              for (Long at : missed) {
                dao.recordSkipWithReason(
                    tenantId, workflowId, Instant.ofEpochMilli(at), null, "missed");
              }
              dao.setNextRunAtIfCurrent(
                  tenantId,
                  new ScheduleState(
                      workflowId,
                      config.type(),
                      config.value(),
                      config.zone(),
                      config.active(),
                      next == null ? null : Instant.ofEpochMilli(next)));
              if (!missed.isEmpty()) {
                LOG.warn(
                    "schedule of {} skipped {} fire(s) from {} missed while flowd was down, older"
                        + " than its catch-up window",
                    workflowId,
                    missed.size(),
                    Timestamps.format(Instant.ofEpochMilli(missed.get(0))));
              }
              return true;
            });
  }

  /** What the fire's transaction decided, and the run it concerns. */
  private record Decision(FireOutcome.Result result, String runId) {}

  private static void publishFollowing(
      ScheduleDao dao,
      String tenantId,
      String workflowId,
      ScheduleConfig stored,
      FireRequest request) {
    if (request.followingMillis() != null) {
      dao.setNextRunAtIfCurrent(
          tenantId,
          new ScheduleState(
              workflowId,
              stored.type(),
              stored.value(),
              stored.zone(),
              stored.active(),
              Instant.ofEpochMilli(request.followingMillis())));
    }
  }

  /**
   * {@code cancel_other}: asks Temporal to cancel an open scheduled run (or ends an unstarted one).
   */
  private void cancel(String tenantId, OpenRun other) {
    if (!other.dispatched()) {
      runs.finish(
          tenantId, other.id(), "cancelled", "Cancelled by the next scheduled run (cancel_other).");
      return;
    }
    try {
      Activity.getExecutionContext()
          .getWorkflowClient()
          .newUntypedWorkflowStub(other.temporalWorkflowId())
          .cancel();
    } catch (WorkflowNotFoundException e) {
      LOG.debug("scheduled run {} to cancel has no execution", other.id());
    }
  }

  /** Returns the schedule a workflow row holds, with its overlap policy and catch-up window. */
  static ScheduleConfig config(ScheduleRow row) {
    return ScheduleConfig.of(
        row.scheduleType(),
        row.scheduleValue(),
        row.scheduleTimezone(),
        row.isActive(),
        row.scheduleOverlap(),
        row.scheduleCatchupSeconds());
  }

  private void start(RunSpec spec, Run run, Workflow snapshot) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    WorkflowClient client = context.getWorkflowClient();
    WorkflowOptions options =
        launch.workflowOptions(spec, context.getInfo().getActivityTaskQueue());
    GraphRunInput input =
        new GraphRunInput(spec.ref(), snapshot.graph(), run.triggerPayload())
            .withTimeout(snapshot.timeoutSeconds());
    try {
      WorkflowClient.start(client.newWorkflowStub(GraphWorkflow.class, options)::run, input);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      LOG.debug("scheduled run {} was already started", run.id());
    }
    runs.markDispatched(spec.tenantId(), run.id());
  }
}

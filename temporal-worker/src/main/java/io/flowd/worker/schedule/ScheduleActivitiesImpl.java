package io.flowd.worker.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.flowd.store.WorkflowDao;
import io.flowd.worker.TemporalIds;
import io.flowd.worker.activity.RunRef;
import io.flowd.worker.workflow.GraphRunInput;
import io.flowd.worker.workflow.GraphWorkflow;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedules. The run is started through the worker's client from this activity rather than as
 * a child workflow: the graph snapshot then never enters the schedule's history (a hundred fires of
 * a large graph would otherwise bloat it), and the start takes the very path of API runs (id from
 * {@link TemporalIds#forRun}, {@code USE_EXISTING}, {@code REJECT_DUPLICATE}), with the outbox
 * sweeper as the backstop if the worker dies between the insert and the start.
 */
public final class ScheduleActivitiesImpl implements ScheduleActivities {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleActivitiesImpl.class);

  private final Database database;
  private final ScheduleDao schedules;
  private final RunDao runs;
  private final WorkflowDao workflows;

  public ScheduleActivitiesImpl(Database database) {
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
        workflowId,
        config.type(),
        config.value(),
        config.zone(),
        config.active(),
        nextFireAtMillis == null ? null : Instant.ofEpochMilli(nextFireAtMillis));
  }

  @Override
  public FireOutcome fire(FireRequest request) {
    String tenantId = request.tenantId();
    String workflowId = request.workflowId();
    Optional<ScheduleRow> row = schedules.find(tenantId, workflowId);
    if (row.isEmpty()) {
      return new FireOutcome(FireOutcome.Result.GONE, null, null);
    }
    ScheduleConfig stored = ScheduleConfig.of(row.get());
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
    String temporalId = TemporalIds.forRun(tenantId, workflowId, request.runId());
    List<OpenRun> toCancel = new ArrayList<>();
    Decision decision =
        database
            .jdbi()
            .inTransaction(
                (Handle h) -> {
                  ScheduleDao dao = h.attach(ScheduleDao.class);
                  h.createQuery(
                          "SELECT 1 FROM workflows WHERE tenant_id = :t AND id = :w FOR UPDATE")
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
                  dao.insertScheduledRun(
                      tenantId,
                      request.runId(),
                      workflowId,
                      Json.write(payload),
                      temporalId,
                      scheduledAt);
                  publishFollowing(dao, tenantId, workflowId, stored, request);
                  return new Decision(FireOutcome.Result.STARTED, request.runId());
                });
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
    Run run = runs.find(tenantId, decision.runId()).orElseThrow();
    if (run.status() == RunStatus.PENDING) {
      Workflow snapshot =
          workflows.findVersion(tenantId, workflowId, run.workflowVersion(), "").orElseThrow();
      start(run, snapshot, tenantId);
    }
    return new FireOutcome(FireOutcome.Result.STARTED, run.id(), null);
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
                  workflowId,
                  config.type(),
                  config.value(),
                  config.zone(),
                  config.active(),
                  next == null ? null : Instant.ofEpochMilli(next));
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
          workflowId,
          stored.type(),
          stored.value(),
          stored.zone(),
          stored.active(),
          Instant.ofEpochMilli(request.followingMillis()));
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

  private void start(Run run, Workflow snapshot, String tenantId) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    WorkflowClient client = context.getWorkflowClient();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(run.temporalWorkflowId())
            .setTaskQueue(context.getInfo().getActivityTaskQueue())
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setMemo(
                Map.of(
                    "workflow_name", snapshot.name(),
                    "workflow_version", snapshot.version(),
                    "run_id", run.id(),
                    "trigger_type", run.triggerType()))
            .build();
    GraphRunInput input =
        new GraphRunInput(
            new RunRef(tenantId, snapshot.id(), snapshot.version(), run.id()),
            snapshot.graph(),
            run.triggerPayload());
    try {
      WorkflowClient.start(client.newWorkflowStub(GraphWorkflow.class, options)::run, input);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      LOG.debug("scheduled run {} was already started", run.id());
    }
    runs.markDispatched(tenantId, run.id());
  }
}

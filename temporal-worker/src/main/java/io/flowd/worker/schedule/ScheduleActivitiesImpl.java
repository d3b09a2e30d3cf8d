package io.flowd.worker.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.RunLaunch;
import io.flowd.engine.RunSpec;
import io.flowd.engine.TemporalIds;
import io.flowd.engine.schedule.ScheduleConfig;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.Timestamps;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.NewRun;
import io.flowd.store.RunDao;
import io.flowd.store.ScheduleDao;
import io.flowd.store.ScheduleRow;
import io.flowd.store.ScheduleState;
import io.flowd.store.WorkflowDao;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
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
    ScheduleConfig stored =
        ScheduleConfig.of(
            row.get().scheduleType(),
            row.get().scheduleValue(),
            row.get().scheduleTimezone(),
            row.get().isActive());
    if (!stored.sameSchedule(request.config())) {
      return new FireOutcome(FireOutcome.Result.CHANGED, null, stored);
    }
    Instant scheduledAt = Instant.ofEpochMilli(request.scheduledAtMillis());
    Optional<String> skipped = schedules.skipAt(tenantId, workflowId, scheduledAt);
    if (skipped.isPresent()) {
      return new FireOutcome(FireOutcome.Result.SKIPPED, skipped.get(), null);
    }
    ObjectNode payload = Json.object().put("scheduled_at", Timestamps.format(scheduledAt));
    String temporalId = TemporalIds.forRun(tenantId, workflowId, request.runId());
    boolean[] counted = new boolean[1];
    String openRunId =
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
                  Optional<String> open =
                      dao.openScheduledRun(tenantId, workflowId, request.runId());
                  if (open.isPresent()) {
                    dao.recordSkip(tenantId, workflowId, scheduledAt, open.get());
                    return open.get();
                  }
                  version.ifPresent(
                      current ->
                          h.attach(RunDao.class)
                              .insert(
                                  tenantId,
                                  new NewRun(
                                      request.runId(),
                                      workflowId,
                                      current,
                                      TRIGGER_TYPE,
                                      Json.write(payload),
                                      null,
                                      temporalId,
                                      false))
                              .ifPresent(inserted -> counted[0] = true));
                  return null;
                });
    if (openRunId != null) {
      LOG.warn(
          "schedule of {} skipped the fire at {}: scheduled run {} is still open",
          workflowId,
          Timestamps.format(scheduledAt),
          openRunId);
      return new FireOutcome(FireOutcome.Result.SKIPPED, openRunId, null);
    }
    Run run = runs.find(tenantId, request.runId()).orElseThrow();
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
    return new FireOutcome(FireOutcome.Result.STARTED, run.id(), null);
  }

  private void start(RunSpec spec, Run run, Workflow snapshot) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    WorkflowClient client = context.getWorkflowClient();
    WorkflowOptions options =
        launch.workflowOptions(spec, context.getInfo().getActivityTaskQueue());
    GraphRunInput input = new GraphRunInput(spec.ref(), snapshot.graph(), run.triggerPayload());
    try {
      WorkflowClient.start(client.newWorkflowStub(GraphWorkflow.class, options)::run, input);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      LOG.debug("scheduled run {} was already started", run.id());
    }
    runs.markDispatched(spec.tenantId(), run.id());
  }
}

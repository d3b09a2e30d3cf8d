package io.flowd.worker.schedule;

import io.flowd.engine.RunLaunch;
import io.flowd.engine.schedule.ScheduleConfig;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.model.Timestamps;
import io.flowd.model.TriggerSettings;
import io.flowd.model.Workflow;
import io.flowd.runs.RunClosing;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunOutcome;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TemporalCancels;
import io.flowd.runs.TriggerType;
import io.flowd.store.Database;
import io.flowd.store.OpenRun;
import io.flowd.store.RunDao;
import io.flowd.store.ScheduleDao;
import io.flowd.store.ScheduleRow;
import io.flowd.store.ScheduleState;
import io.flowd.store.WorkflowDao;
import io.flowd.worker.activity.ActivityRunEngine;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
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
 * sweeper as the backstop if the worker dies between the insert and the start. The run is started
 * through the run engine ({@link RunEngine#start}); the overlap policy is its guard.
 */
public final class ScheduleActivitiesImpl implements ScheduleActivities {
  private static final String BUFFERED = "buffered";
  private static final String OVERLAP = "overlap";

  private static final Logger LOG = LoggerFactory.getLogger(ScheduleActivitiesImpl.class);

  private final Database database;
  private final ScheduleDao schedules;
  private final WorkflowDao workflows;
  private final ActivityRunEngine engine;

  public ScheduleActivitiesImpl(Database database, RunLaunch launch) {
    this.engine = new ActivityRunEngine(database, launch);
    this.database = database;
    this.schedules = database.dao(ScheduleDao.class);
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
    Optional<Workflow> current = workflows.find(tenantId, workflowId, "");
    if (current.isEmpty()) {
      return new FireOutcome(FireOutcome.Result.GONE, null, null);
    }
    List<OpenRun> toCancel = new ArrayList<>();
    RunOutcome outcome =
        engine
            .get()
            .start(
                RunRequest.of(
                        tenantId,
                        current.get(),
                        TriggerType.SCHEDULE,
                        Json.object().put("scheduled_at", Timestamps.format(scheduledAt)))
                    .withRunId(request.runId())
                    .withScheduledAt(scheduledAt)
                    .withGuard(
                        h -> overlap(h, request, stored, current.get().version(), toCancel)));
    return answer(request, outcome, toCancel);
  }

  /** Maps the engine's outcome to the schedule's, cancelling what {@code cancel_other} named. */
  private FireOutcome answer(FireRequest request, RunOutcome outcome, List<OpenRun> toCancel) {
    Run run = outcome.runOrNull();
    if (run != null) {
      for (OpenRun other : toCancel) {
        TemporalCancels.cancelQuietly(client(), other.temporalWorkflowId());
      }
      return new FireOutcome(FireOutcome.Result.STARTED, run.id(), null);
    }
    if (outcome instanceof RunOutcome.NotFound) {
      return new FireOutcome(FireOutcome.Result.GONE, null, null);
    }
    if (outcome instanceof RunOutcome.Declined declined) {
      switch (declined.reason()) {
        case BUFFERED:
          return new FireOutcome(FireOutcome.Result.BUFFERED, declined.runId(), null);
        case OVERLAP:
          LOG.warn(
              "schedule of {} skipped the fire at {}: scheduled run {} is still open",
              request.workflowId(),
              Timestamps.format(Instant.ofEpochMilli(request.scheduledAtMillis())),
              declined.runId());
          return new FireOutcome(FireOutcome.Result.SKIPPED, declined.runId(), null);
        default:
          // Another run of this fire time won the race; it is the fire's run.
          return new FireOutcome(
              FireOutcome.Result.STARTED,
              schedules
                  .runAt(
                      request.tenantId(),
                      request.workflowId(),
                      Instant.ofEpochMilli(request.scheduledAtMillis()))
                  .orElse(request.runId()),
              null);
      }
    }
    // Unavailable: the activity is retried.
    throw new IllegalStateException("schedule fire not recorded: " + outcome);
  }

  /**
   * The fire's check in the recording transaction: under the workflow row's lock, a fire time
   * already run answers its run, and an open scheduled run meets the overlap policy. Returns empty
   * when the run may be recorded.
   */
  private static Optional<RunOutcome> overlap(
      Handle h, FireRequest request, ScheduleConfig stored, int version, List<OpenRun> toCancel) {
    String tenantId = request.tenantId();
    String workflowId = request.workflowId();
    Instant scheduledAt = Instant.ofEpochMilli(request.scheduledAtMillis());
    ScheduleDao dao = h.attach(ScheduleDao.class);
    Optional<Integer> locked = h.attach(WorkflowDao.class).lockVersion(tenantId, workflowId);
    if (locked.isEmpty()) {
      return Optional.of(new RunOutcome.NotFound("workflow " + workflowId + " was deleted"));
    }
    if (locked.get() != version) {
      throw new IllegalStateException("workflow " + workflowId + " changed while firing; retry");
    }
    publishFollowing(dao, tenantId, workflowId, stored, request);
    Optional<String> existing = dao.runAt(tenantId, workflowId, scheduledAt);
    if (existing.isPresent()) {
      return Optional.of(
          new RunOutcome.Replayed(
              h.attach(RunDao.class).find(tenantId, existing.get()).orElseThrow()));
    }
    Optional<String> open = dao.openScheduledRun(tenantId, workflowId, request.runId());
    if (open.isEmpty()) {
      return Optional.empty();
    }
    String policy = request.policy() == null ? TriggerSettings.SKIP : request.policy();
    switch (policy) {
      case TriggerSettings.ALLOW:
        return Optional.empty();
      case TriggerSettings.CANCEL_OTHER:
        toCancel.clear();
        for (OpenRun other : dao.openScheduledRuns(tenantId, workflowId, request.runId())) {
          if (other.dispatched()) {
            toCancel.add(other);
          } else {
            RunClosing.close(
                h,
                tenantId,
                other.id(),
                RunStatus.CANCELLED,
                "Cancelled by the next scheduled run (cancel_other).");
          }
        }
        return Optional.empty();
      case TriggerSettings.BUFFER_ONE:
        if (!request.bufferTaken()) {
          return Optional.of(new RunOutcome.Declined(BUFFERED, open.get()));
        }
      // fall through: the buffer is taken, the fire is skipped
      default:
        dao.recordSkipWithReason(tenantId, workflowId, scheduledAt, open.get(), OVERLAP);
        return Optional.of(new RunOutcome.Declined(OVERLAP, open.get()));
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

  private static WorkflowClient client() {
    return Activity.getExecutionContext().getWorkflowClient();
  }
}

package io.flowd.api.schedule;

import io.flowd.api.workflow.WorkflowChangeListener;
import io.flowd.engine.TemporalIds;
import io.flowd.engine.schedule.ScheduleConfig;
import io.flowd.engine.schedule.ScheduleInput;
import io.flowd.engine.schedule.ScheduleWorkflow;
import io.flowd.model.schedule.Schedules;
import io.flowd.store.Database;
import io.flowd.store.ScheduleDao;
import io.flowd.store.ScheduleRow;
import io.flowd.store.ScheduleState;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a workflow's schedule workflow in line with its PostgreSQL row after every committed
 * change. It writes {@code next_run_at} itself before the caller answers, then, in the background,
 * signals the schedule workflow (starting it when needed) with the same first fire time, so the row
 * and the timer agree. When Temporal does not answer, the change is retried until it does; the
 * schedule workflow also checks the row at each fire, so a missed signal never fires a paused,
 * changed or deleted schedule. Workflows that never had a schedule cost no Temporal call.
 */
public final class ScheduleSync implements WorkflowChangeListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleSync.class);
  private static final long RETRY_SECONDS = 5;

  private final ScheduleDao schedules;
  private final WorkflowClient client;
  private final String taskQueue;
  private final Map<String, Change> retries = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "flowd-schedule-sync");
            thread.setDaemon(true);
            return thread;
          });

  private record Change(String tenantId, String workflowId, boolean deleted) {}

  public ScheduleSync(Database database, WorkflowClient client, String taskQueue) {
    this.schedules = database.dao(ScheduleDao.class);
    this.client = client;
    this.taskQueue = taskQueue;
    executor.scheduleWithFixedDelay(this::retry, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Writes {@code next_run_at} at once (the caller's answer shows it), then tells Temporal in the
   * background, in order of the changes, so a slow or absent Temporal never delays the API.
   */
  @Override
  public void saved(String tenantId, String workflowId) {
    Optional<ScheduleRow> row = schedules.find(tenantId, workflowId);
    if (row.isEmpty()) {
      deleted(tenantId, workflowId);
      return;
    }
    publishNext(row.get());
    if (config(row.get()).isScheduled() || schedules.everScheduled(tenantId, workflowId)) {
      submit(new Change(tenantId, workflowId, false));
    }
  }

  @Override
  public void deleted(String tenantId, String workflowId) {
    submit(new Change(tenantId, workflowId, true));
  }

  /** Returns when every change handed over so far has been tried once (for tests). */
  public void flush() throws InterruptedException {
    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
    executor.execute(latch::countDown);
    latch.await();
  }

  /**
   * Makes sure an active scheduled workflow has its schedule workflow, started with {@code
   * USE_EXISTING} and told the stored schedule. Throws when Temporal does not answer.
   *
   * <p>A {@code next_run_at} already past is a fire nobody handled (flowd was down): it is left in
   * place and handed to a newly started schedule workflow, which catches up from there.
   */
  public void ensure(ScheduleRow row) {
    ScheduleConfig config = config(row);
    long now = now();
    if (config.fires() && row.nextRunAt() != null && row.nextRunAt().toEpochMilli() <= now) {
      apply(row, config.nextFire(now, now));
      return;
    }
    apply(row, publishNext(row));
  }

  /**
   * Writes and returns the next fire time. An interval keeps the fire time already published when
   * it lies within one interval from now (a re-sync or an unrelated edit must not move it, and the
   * schedule workflow is told the very time the row shows); otherwise it is computed from now.
   */
  private Long publishNext(ScheduleRow row) {
    ScheduleConfig config = config(row);
    long now = now();
    Long next = config.fires() ? config.nextFire(now, now) : null;
    if (next != null
        && Schedules.INTERVAL.equals(config.type())
        && row.nextRunAt() != null
        && row.nextRunAt().toEpochMilli() > now
        && row.nextRunAt().toEpochMilli() <= next) {
      next = row.nextRunAt().toEpochMilli();
    }
    // Guarded by the row's schedule: a background sync that read the row before a later change
    // (a resume after a pause) must not overwrite the time that change published.
    schedules.setNextRunAtIfCurrent(
        row.tenantId(),
        new ScheduleState(
            row.workflowId(),
            config.type(),
            config.value(),
            config.zone(),
            config.active(),
            next == null ? null : Instant.ofEpochMilli(next)));
    return next;
  }

  /** Ends the schedule workflow of a deleted workflow; throws when Temporal does not answer. */
  public void stop(String tenantId, String workflowId) {
    stop(TemporalIds.forSchedule(tenantId, workflowId));
  }

  /** Terminates the schedule workflow with this Temporal id, if it runs. */
  public void stop(String scheduleId) {
    try {
      client.newUntypedWorkflowStub(scheduleId).terminate("workflow deleted");
    } catch (WorkflowNotFoundException e) {
      LOG.debug("no schedule workflow {} to stop", scheduleId);
    }
  }

  private void apply(ScheduleRow row, Long next) {
    ScheduleConfig config = config(row).withFirstFire(next);
    String id = TemporalIds.forSchedule(row.tenantId(), row.workflowId());
    if (config.fires()) {
      ScheduleWorkflow stub =
          client.newWorkflowStub(
              ScheduleWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(id)
                  .setTaskQueue(taskQueue)
                  .setWorkflowIdConflictPolicy(
                      WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                  .setWorkflowIdReusePolicy(
                      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                  .build());
      BatchRequest request = client.newSignalWithStartRequest();
      Long missedSince = row.nextRunAt() == null ? null : row.nextRunAt().toEpochMilli();
      request.add(
          stub::run,
          new ScheduleInput(
              row.tenantId(), row.workflowId(), config, null, null, null, missedSince));
      request.add(stub::configure, config);
      client.signalWithStart(request);
      return;
    }
    try {
      WorkflowStub stub = client.newUntypedWorkflowStub(id);
      if (config.isScheduled()) {
        stub.signal("configure", config);
      } else {
        stub.signal("stop");
      }
    } catch (WorkflowNotFoundException e) {
      LOG.debug("no schedule workflow to tell about {}", row.workflowId());
    }
  }

  private void submit(Change change) {
    executor.execute(() -> attempt(change));
  }

  private void attempt(Change change) {
    String key = change.tenantId() + "\n" + change.workflowId();
    try {
      Optional<ScheduleRow> row =
          change.deleted()
              ? Optional.empty()
              : schedules.find(change.tenantId(), change.workflowId());
      if (row.isEmpty()) {
        stop(change.tenantId(), change.workflowId());
      } else {
        ensure(row.get());
      }
      retries.remove(key, change);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not sync the schedule of {} with Temporal yet, retrying: {}",
          change.workflowId(),
          e.toString());
      retries.put(key, change);
    }
  }

  private void retry() {
    for (Change change : List.copyOf(retries.values())) {
      attempt(change);
      if (retries.containsValue(change)) {
        return;
      }
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

  private static long now() {
    return System.currentTimeMillis();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

package io.flowd.api.schedule;

import com.google.protobuf.ByteString;
import io.flowd.engine.TemporalIds;
import io.flowd.store.Database;
import io.flowd.store.ScheduleDao;
import io.flowd.store.ScheduleRow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings Temporal in line with PostgreSQL, the source of truth, when the API process starts (in the
 * local start, the embedded Temporal server may have lost every execution). It runs in the
 * background and retries until Temporal answers, so the API never waits for it:
 *
 * <ol>
 *   <li>every active scheduled workflow gets its schedule workflow ({@code USE_EXISTING}); a {@code
 *       next_run_at} already past is handed to it, and it catches up the fires missed since then
 *       (see {@link ScheduleSync#ensure});
 *   <li>open schedule workflows of workflows that are deleted, paused or no longer scheduled are
 *       stopped or told the stored schedule (a server that cannot list open executions is skipped;
 *       such schedules end by themselves at their next fire, when they find the row gone or
 *       changed);
 * </ol>
 *
 * <p>Open runs are brought in line by the {@link io.flowd.api.run.RunReconciler}, continuously.
 */
public final class StartupReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StartupReconciler.class);

  /** The prefix of schedule workflows' Temporal ids. */
  private static final String SCHEDULE_PREFIX = "flowd-schedule:";

  private final ScheduleDao schedules;
  private final ScheduleSync sync;
  private final WorkflowClient client;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "flowd-reconcile");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean done;

  public StartupReconciler(Database database, ScheduleSync sync, WorkflowClient client) {
    this.schedules = database.dao(ScheduleDao.class);
    this.sync = sync;
    this.client = client;
  }

  /** Starts reconciling in the background, retrying with back-off until one pass succeeds. */
  public StartupReconciler start() {
    executor.execute(() -> attempt(1));
    return this;
  }

  /** Returns whether a pass has completed. */
  public boolean isDone() {
    return done;
  }

  private void attempt(int number) {
    try {
      reconcile();
      done = true;
    } catch (RuntimeException e) {
      long delay = Math.min(30, 1L << Math.min(number, 5));
      LOG.warn(
          "start-up reconciliation failed (attempt {}), retrying in {}s: {}",
          number,
          delay,
          e.toString());
      executor.schedule(() -> attempt(number + 1), delay, TimeUnit.SECONDS);
    }
  }

  /** Runs one pass; throws when Temporal or PostgreSQL does not answer. */
  public void reconcile() {
    List<ScheduleRow> active = schedules.activeScheduled();
    for (ScheduleRow row : active) {
      sync.ensure(row);
    }
    stopStaleSchedules(active);
    LOG.info("start-up reconciliation: {} schedule(s) ensured", active.size());
  }

  private void stopStaleSchedules(List<ScheduleRow> active) {
    List<String> wanted =
        active.stream().map(r -> TemporalIds.forSchedule(r.tenantId(), r.workflowId())).toList();
    for (String id : openScheduleIds()) {
      if (wanted.contains(id)) {
        continue;
      }
      Optional<ScheduleRow> row = ownerOf(id);
      if (row.isEmpty()) {
        sync.stop(id);
      } else if (!row.get().firesOnItsOwn()) {
        sync.ensure(row.get());
      }
    }
  }

  /**
   * Returns the ids of open schedule workflows. It uses the basic visibility call, which both a
   * cluster and the test server answer; a server that has none is skipped (its stale schedules end
   * on their own at their next fire).
   */
  private List<String> openScheduleIds() {
    List<String> ids = new ArrayList<>();
    ByteString page = ByteString.EMPTY;
    try {
      do {
        ListOpenWorkflowExecutionsResponse response =
            client
                .getWorkflowServiceStubs()
                .blockingStub()
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .listOpenWorkflowExecutions(
                    ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setTypeFilter(WorkflowTypeFilter.newBuilder().setName("FlowdSchedule"))
                        .setMaximumPageSize(1000)
                        .setNextPageToken(page)
                        .build());
        // The test server ignores the type filter: never take a run's execution for a schedule.
        response.getExecutionsList().stream()
            .map(e -> e.getExecution().getWorkflowId())
            .filter(id -> id.startsWith(SCHEDULE_PREFIX))
            .forEach(ids::add);
        page = response.getNextPageToken();
      } while (!page.isEmpty());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        LOG.info("Temporal cannot list open executions; stale schedules end at their next fire");
        return List.of();
      }
      throw e;
    }
    return ids;
  }

  private Optional<ScheduleRow> ownerOf(String scheduleId) {
    int tenantEnd = scheduleId.lastIndexOf(':');
    String prefix = SCHEDULE_PREFIX;
    if (!scheduleId.startsWith(prefix) || tenantEnd <= prefix.length()) {
      return Optional.empty();
    }
    return schedules.find(
        scheduleId.substring(prefix.length(), tenantEnd), scheduleId.substring(tenantEnd + 1));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

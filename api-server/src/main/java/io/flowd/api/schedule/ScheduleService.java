package io.flowd.api.schedule;

import io.flowd.api.http.ApiException;
import io.flowd.engine.schedule.ScheduleConfig;
import io.flowd.model.Json;
import io.flowd.model.Timestamps;
import io.flowd.model.Workflow;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TriggerType;
import io.flowd.store.Database;
import io.flowd.store.ScheduleDao;
import io.flowd.store.ScheduleRow;
import io.flowd.store.ScheduleSkip;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A workflow's schedule as the routes read it, and backfills: one {@code backfill} run per past
 * fire time, started through the run engine in the background.
 */
public final class ScheduleService implements AutoCloseable {
  private final Database database;
  private final RunEngine engine;
  private final ExecutorService starts =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "flowd-backfill");
            thread.setDaemon(true);
            return thread;
          });

  public ScheduleService(Database database, RunEngine engine) {
    this.database = database;
    this.engine = engine;
  }

  /** Returns the workflow's schedule row, or throws a 404. */
  public ScheduleRow schedule(String tenantId, String id) {
    return database
        .dao(ScheduleDao.class)
        .find(tenantId, id)
        .orElseThrow(() -> ApiException.notFound("Workflow " + id + " was not found."));
  }

  /** Returns the workflow's latest skipped fires, newest first. */
  public List<ScheduleSkip> latestSkips(String tenantId, String id, int limit) {
    return database.dao(ScheduleDao.class).latestSkips(tenantId, id, limit);
  }

  /**
   * Records one pending {@code backfill} run per fire time that has none yet and starts them in the
   * background (the outbox is the backstop); returns how many runs it recorded now.
   */
  public long backfill(String tenantId, Workflow workflow, List<Instant> fires) {
    List<RunRequest> requests = new ArrayList<>();
    for (Instant at : fires) {
      requests.add(
          RunRequest.of(
                  tenantId,
                  workflow,
                  TriggerType.BACKFILL,
                  Json.object().put("scheduled_at", Timestamps.format(at)))
              .withScheduledAt(at));
    }
    return engine.startAll(requests, starts).stream().filter(o -> o.runOrNull() != null).count();
  }

  /** Returns the schedule of a stored workflow. */
  public ScheduleConfig config(String tenantId, String id) {
    return ScheduleSync.config(schedule(tenantId, id));
  }

  @Override
  public void close() {
    starts.shutdownNow();
  }
}

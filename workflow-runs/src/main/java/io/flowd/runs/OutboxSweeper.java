package io.flowd.runs;

import io.flowd.store.Database;
import io.flowd.store.PendingRun;
import io.flowd.store.RunDao;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the transactional outbox: runs accepted in PostgreSQL whose Temporal start was never
 * confirmed (Temporal was down, or the process died in between) are started with their own id. Each
 * round first starts the queued runs that have a free concurrency slot ({@link QueuedRuns}).
 */
public final class OutboxSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSweeper.class);
  private static final double GRACE_SECONDS = 1.0;
  private static final int BATCH = 100;
  private static final int MAX_FAILURES_IN_A_ROW = 3;

  private final RunDao runs;
  private final RunDispatcher dispatcher;
  private final QueuedRuns queued;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "flowd-outbox");
            thread.setDaemon(true);
            return thread;
          });

  public OutboxSweeper(Database database, RunDispatcher dispatcher) {
    this.runs = database.dao(RunDao.class);
    this.dispatcher = dispatcher;
    this.queued = new QueuedRuns(database, dispatcher);
  }

  /** Sweeps every {@code intervalMillis} until closed. */
  public OutboxSweeper start(long intervalMillis) {
    executor.scheduleWithFixedDelay(this::sweepQuietly, 0, intervalMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Starts every overdue pending run once; returns how many Temporal accepted. One run that cannot
   * start does not hold back the others; a sweep gives up after a few failures in a row (Temporal
   * is down) and the next sweep tries again.
   */
  public int sweep() {
    int started = 0;
    int failuresInARow = 0;
    for (PendingRun run : runs.undispatched(GRACE_SECONDS, BATCH)) {
      boolean ok;
      try {
        ok = dispatcher.dispatchPending(run.tenantId(), run.id(), run.workflowId());
      } catch (RuntimeException e) {
        LOG.warn("outbox: could not start run {}: {}", run.id(), e.toString());
        ok = false;
      }
      if (ok) {
        started++;
        failuresInARow = 0;
      } else if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) {
        break;
      }
    }
    return started;
  }

  private void sweepQuietly() {
    try {
      int promoted = queued.sweep();
      if (promoted > 0) {
        LOG.debug("queue: {} run(s) took a free concurrency slot", promoted);
      }
    } catch (RuntimeException e) {
      LOG.warn("queue sweep failed: {}", e.toString());
    }
    try {
      int started = sweep();
      if (started > 0) {
        LOG.info("outbox: started {} pending run(s)", started);
      }
    } catch (RuntimeException e) {
      LOG.warn("outbox sweep failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

package io.flowd.runs;

import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.model.Json;
import io.flowd.model.Retention;
import io.flowd.model.RunStatus;
import io.flowd.store.Database;
import io.flowd.store.RetentionDao;
import io.flowd.store.RetentionTarget;
import io.flowd.store.RunPosition;
import io.flowd.store.RunPurgeStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes closed runs past their retention policy ({@link Retention}: the workflow's own fields
 * over the service default), with their logs, stored payloads and idempotency keys, then the stored
 * webhook files no run names any more (a day after they were last stored), and drops deleted
 * workflows once they hold no runs and are past their retention.
 *
 * <p>One replica purges at a time: a pass holds a PostgreSQL session advisory lock ({@link
 * #LOCK_KEY}) on a connection of its own, which ends with the pass or with a replica that dies.
 * Each batch is one short statement ({@link RunPurgeStatement}), so the purger never holds a lock
 * for long. Open runs, and closed runs an open run depends on, are never touched. The clock is
 * injectable, so tests can purge in the future.
 */
public final class RunPurger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunPurger.class);

  /** The purger's advisory lock key ("flowdprg"). */
  public static final long LOCK_KEY = 0x666c6f7764707267L;

  private static final int WORKFLOW_PAGE = 200;

  private final Database database;
  private final RetentionConfig config;
  private final Clock clock;
  private final FlowdMetrics metrics;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "flowd-purger");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Instant caughtUpAt;
  private volatile boolean closed;

  /**
   * Creates a purger that reads the time from {@code clock}; {@code metrics} receives {@code
   * flowd_purged_runs_total} and {@code flowd_purge_lag_seconds}.
   */
  public RunPurger(Database database, RetentionConfig config, Clock clock, FlowdMetrics metrics) {
    this.database = database;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.caughtUpAt = clock.instant();
    metrics.purgeLag(this::lagSeconds);
  }

  /** Purges every {@code purgeInterval} until closed; does nothing when the interval is 0. */
  public RunPurger start() {
    long seconds = config.purgeInterval().toSeconds();
    if (seconds > 0) {
      executor.scheduleWithFixedDelay(this::purgeQuietly, seconds, seconds, TimeUnit.SECONDS);
    }
    return this;
  }

  /**
   * Runs one pass over every workflow, if this purger can take the lock; returns how many runs it
   * deleted, or -1 when another replica is purging.
   */
  public long purge() {
    return database
        .jdbi()
        .withHandle(
            lock -> {
              RetentionDao locks = lock.attach(RetentionDao.class);
              if (!locks.tryLock(LOCK_KEY)) {
                return -1L;
              }
              try {
                return purgeLocked();
              } finally {
                locks.unlock(LOCK_KEY);
              }
            });
  }

  private long purgeLocked() {
    RetentionDao dao = database.dao(RetentionDao.class);
    Instant now = clock.instant();
    long purged = 0;
    String after = "";
    while (!closed) {
      List<RetentionTarget> page = dao.workflowsAfter(after, WORKFLOW_PAGE);
      for (RetentionTarget target : page) {
        purged += purgeWorkflow(dao, target, now);
        if (closed) {
          return purged;
        }
      }
      if (page.size() < WORKFLOW_PAGE) {
        break;
      }
      after = page.get(page.size() - 1).workflowId();
    }
    if (!closed) {
      caughtUpAt = now;
    }
    return purged;
  }

  private long purgeWorkflow(RetentionDao dao, RetentionTarget target, Instant now) {
    Retention policy = policyOf(target);
    String tenant = target.tenantId();
    String workflow = target.workflowId();
    Instant createdBefore = now.minus(Retention.MIN_AGE);
    long purged = 0;
    for (RunStatus status : RunStatus.values()) {
      Instant closedBefore = status.isTerminal() ? policy.closedBefore(status, now) : null;
      if (closedBefore != null) {
        purged +=
            batches(
                () ->
                    database
                        .jdbi()
                        .withHandle(
                            h ->
                                RunPurgeStatement.purgeClosedBefore(
                                    h,
                                    tenant,
                                    workflow,
                                    status,
                                    closedBefore,
                                    createdBefore,
                                    config.batchSize())));
      }
    }
    if (policy.keepLast() != null) {
      Optional<RunPosition> kept = dao.keptBoundary(tenant, workflow, policy.keepLast());
      if (kept.isPresent()) {
        purged +=
            batches(
                () ->
                    database
                        .jdbi()
                        .withHandle(
                            h ->
                                RunPurgeStatement.purgeOlderThan(
                                    h,
                                    tenant,
                                    workflow,
                                    kept.get(),
                                    createdBefore,
                                    config.batchSize())));
      }
    }
    batches(
        () -> dao.deleteUnusedWebhookFiles(tenant, workflow, createdBefore, config.batchSize()),
        false);
    Integer longest = policy.longestDays();
    if (longest != null) {
      Instant before = now.minus(Duration.ofDays(longest));
      if (target.deletedAt() != null && dao.dropDeletedWorkflow(tenant, workflow, before) > 0) {
        LOG.info("purger: dropped deleted workflow {} past its retention", workflow);
      }
    }
    return purged;
  }

  /** Repeats {@code batch} (of runs) until it deletes less than a full batch. */
  private long batches(java.util.function.IntSupplier batch) {
    return batches(batch, true);
  }

  /**
   * Repeats {@code batch} until it deletes less than a full batch; {@code runs}: it deletes runs,
   * counted in {@code flowd_purged_runs_total}.
   */
  private long batches(java.util.function.IntSupplier batch, boolean runs) {
    long total = 0;
    while (!closed) {
      int n = batch.getAsInt();
      total += n;
      if (n > 0 && runs) {
        metrics.runsPurged(n);
      }
      if (n < config.batchSize()) {
        break;
      }
    }
    return total;
  }

  private Retention policyOf(RetentionTarget target) {
    if (target.retentionJson() == null) {
      return config.defaults();
    }
    Retention own = Json.MAPPER.convertValue(Json.parse(target.retentionJson()), Retention.class);
    return own.over(config.defaults());
  }

  /** Returns how long ago this purger last finished a pass: how far behind its policy it may be. */
  public double lagSeconds() {
    return Math.max(0, Duration.between(caughtUpAt, clock.instant()).toMillis() / 1000.0);
  }

  private void purgeQuietly() {
    try {
      long purged = purge();
      if (purged > 0) {
        LOG.info("purger: deleted {} run(s) past their retention", purged);
      }
    } catch (RuntimeException e) {
      LOG.warn("purge failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }
}

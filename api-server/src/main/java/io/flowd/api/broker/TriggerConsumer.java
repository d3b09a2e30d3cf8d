package io.flowd.api.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.vault.SecretMask;
import io.flowd.store.Database;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of one broker trigger on this replica: a thread that resolves the node's connection
 * settings (vault included), connects, and consumes until it is closed. When the broker cannot be
 * reached or the connection breaks, it shows as disconnected and connects again with back-off (0.5
 * s doubling to 30 s). Subclasses hold one broker's protocol.
 */
abstract class TriggerConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerConsumer.class);
  private static final long FIRST_BACKOFF_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  /** How often lag is asked of the broker. */
  static final long LAG_EVERY_MILLIS = 5_000;

  protected final TriggerSpec spec;
  protected final TriggerStats stats;
  private final NodeExecution execution;
  private final BrokerRunStarts starts;
  private final Database database;
  private final Thread thread;
  protected volatile boolean closed;
  protected SecretMask mask = SecretMask.NONE;

  TriggerConsumer(
      TriggerSpec spec,
      TriggerStats stats,
      NodeExecution execution,
      BrokerRunStarts starts,
      Database database) {
    this.spec = spec;
    this.stats = stats;
    this.execution = execution;
    this.starts = starts;
    this.database = database;
    this.thread = new Thread(this::supervise, "flowd-trigger-" + spec.node().id());
    this.thread.setDaemon(true);
  }

  /** Starts consuming in the background. */
  final TriggerConsumer start() {
    thread.start();
    return this;
  }

  private void supervise() {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (!closed) {
      long began = System.nanoTime();
      try {
        NodeExecution.Prepared prepared =
            execution.prepare(spec.tenantId(), spec.componentId(), spec.data(), Map.of());
        mask = prepared.mask();
        ObjectNode config = prepared.config();
        consume(config, new MessageIntake(spec, config, starts, stats, database));
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      } catch (Exception e) {
        if (!closed) {
          String why = mask.apply(e.getClass().getSimpleName() + ": " + e.getMessage());
          stats.error(why);
          LOG.warn("{}: disconnected, connecting again in {} ms: {}", spec, backoff, why);
        }
      } finally {
        stats.connected(false);
        release();
      }
      if (System.nanoTime() - began > TimeUnit.SECONDS.toNanos(60)) {
        backoff = FIRST_BACKOFF_MILLIS;
      }
      if (!closed) {
        sleepQuietly(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /**
   * Connects and consumes until {@link #closed} is set (then returns) or the connection breaks
   * (then throws).
   */
  protected abstract void consume(ObjectNode config, MessageIntake intake) throws Exception;

  /** Closes whatever {@link #consume} opened; called after it returned or threw. */
  protected abstract void release();

  /** Makes a blocked {@link #consume} return soon after {@link #closed} is set. */
  protected void wake() {
    thread.interrupt();
  }

  /** Waits while the workflow holds {@code max_queued_runs} runs queued; false once closed. */
  protected final boolean awaitCapacity(MessageIntake intake) throws InterruptedException {
    while (!closed && !intake.hasCapacity()) {
      Thread.sleep(200);
    }
    return !closed;
  }

  static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops consuming: unacknowledged messages go back to the broker. Waits up to 5 s. */
  @Override
  public void close() {
    closed = true;
    wake();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stats.close();
  }
}

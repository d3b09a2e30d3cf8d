package io.flowd.api.broker;

import io.flowd.store.BrokerTriggerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one consumer of a broker trigger has seen on this replica: connection, last message,
 * messages per minute over the last hour, runs started and replayed, dead-lettered messages and
 * lag. The same figures are Prometheus series ({@code flowd_trigger_*}).
 */
final class TriggerStats implements AutoCloseable {
  private static final int MINUTES = 60;

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter startedCounter;
  private final Counter replayedCounter;
  private final Counter deadLetteredCounter;
  private final Counter retriedCounter;

  private volatile boolean connected;
  private volatile Instant lastMessageAt;
  private volatile Long lag;
  private volatile String lastError;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong replayed = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final long[] perMinute = new long[MINUTES];
  private final long[] minuteOf = new long[MINUTES];

  TriggerStats(MeterRegistry registry, TriggerSpec spec) {
    this.registry = registry;
    Tags tags =
        Tags.of(
            "workflow_id",
            spec.workflow().id(),
            "node_id",
            spec.node().id(),
            "component",
            spec.componentId());
    startedCounter = counter(tags.and("outcome", "started"));
    replayedCounter = counter(tags.and("outcome", "replayed"));
    deadLetteredCounter = counter(tags.and("outcome", "dead_lettered"));
    retriedCounter = counter(tags.and("outcome", "retried"));
    meters.add(
        Gauge.builder("flowd_trigger_connected", this, s -> s.connected ? 1 : 0)
            .description("Whether this replica's consumer of the trigger is connected")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder("flowd_trigger_lag", this, s -> s.lag == null ? Double.NaN : s.lag)
            .description("Messages waiting in the broker for the trigger, where it reports it")
            .tags(tags)
            .register(registry));
  }

  private Counter counter(Tags tags) {
    Counter counter =
        Counter.builder("flowd_trigger_messages")
            .description("Messages a broker trigger took, by outcome")
            .tags(tags)
            .register(registry);
    meters.add(counter);
    return counter;
  }

  void connected(boolean now) {
    connected = now;
    if (now) {
      lastError = null;
    }
  }

  void error(String message) {
    lastError = message;
  }

  void lag(Long waiting) {
    lag = waiting;
  }

  void received() {
    Instant now = Instant.now();
    lastMessageAt = now;
    long minute = now.getEpochSecond() / 60;
    int slot = (int) (minute % MINUTES);
    synchronized (perMinute) {
      if (minuteOf[slot] != minute) {
        minuteOf[slot] = minute;
        perMinute[slot] = 0;
      }
      perMinute[slot]++;
    }
  }

  void started() {
    started.incrementAndGet();
    startedCounter.increment();
  }

  void replayed() {
    replayed.incrementAndGet();
    replayedCounter.increment();
  }

  void deadLettered() {
    deadLettered.incrementAndGet();
    deadLetteredCounter.increment();
  }

  void retried() {
    retriedCounter.increment();
  }

  long messagesLastHour() {
    long minute = Instant.now().getEpochSecond() / 60;
    long sum = 0;
    synchronized (perMinute) {
      for (int i = 0; i < MINUTES; i++) {
        if (minute - minuteOf[i] < MINUTES) {
          sum += perMinute[i];
        }
      }
    }
    return sum;
  }

  boolean isConnected() {
    return connected;
  }

  long deadLetteredCount() {
    return deadLettered.get();
  }

  /** Returns the figures as this replica reports them to the store. */
  BrokerTriggerState snapshot(TriggerSpec spec, String replicaId) {
    return new BrokerTriggerState(
        spec.workflow().id(),
        spec.node().id(),
        replicaId,
        spec.componentId(),
        connected,
        lastMessageAt,
        messagesLastHour(),
        started.get(),
        replayed.get(),
        deadLettered.get(),
        lag,
        lastError,
        null);
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}

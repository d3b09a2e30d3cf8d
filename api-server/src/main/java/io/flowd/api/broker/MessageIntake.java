package io.flowd.api.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.store.BrokerTriggerDao;
import io.flowd.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every consumer does with a message: read its body, start its run through {@link
 * BrokerRunStarts}, and say how to settle it with the broker. Also the back-pressure check.
 */
final class MessageIntake {
  private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);

  /** Default {@code max_body_bytes}. */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  /** Default {@code max_queued_runs}. */
  static final int MAX_QUEUED_RUNS = 100;

  /** How a message is settled with its broker. */
  enum Verdict {
    /** Its run is stored: acknowledge it. */
    ACK,
    /** It cannot start a run: dead-letter it (never redelivered here). */
    DEAD_LETTER,
    /** Its run could not be stored now: leave it for redelivery. */
    RETRY
  }

  /**
   * The verdict on one message.
   *
   * @param verdict how to settle it
   * @param reason why it was dead-lettered or retried, or {@code null}
   */
  record Result(Verdict verdict, String reason) {}

  private final TriggerSpec spec;
  private final BrokerRunStarts starts;
  private final TriggerStats stats;
  private final Database database;
  private final String format;
  private final int maxBodyBytes;
  private final int maxQueued;

  MessageIntake(
      TriggerSpec spec,
      ObjectNode config,
      BrokerRunStarts starts,
      TriggerStats stats,
      Database db) {
    this.spec = spec;
    this.starts = starts;
    this.stats = stats;
    this.database = db;
    this.format = TriggerSpec.textOf(config, "format");
    this.maxBodyBytes = TriggerSpec.intOf(config, "max_body_bytes", MAX_BODY_BYTES);
    this.maxQueued = TriggerSpec.intOf(config, "max_queued_runs", MAX_QUEUED_RUNS);
  }

  /**
   * Returns whether another run may be started: always without a concurrency limit, else while
   * fewer than {@code max_queued_runs} of the workflow's runs are queued.
   */
  boolean hasCapacity() {
    if (spec.workflow().concurrency() == null) {
      return true;
    }
    return database.dao(BrokerTriggerDao.class).queuedRuns(spec.tenantId(), spec.workflow().id())
        < maxQueued;
  }

  /** Starts the message's run, or replays it, and says how to settle the message. */
  Result take(InboundMessage message) {
    stats.received();
    MessageBodyReader.Read read;
    try {
      read = MessageBodyReader.read(message.body(), message.contentType(), format, maxBodyBytes);
    } catch (MessageBodyReader.Poison poison) {
      stats.deadLettered();
      LOG.warn("{}: message {} dead-lettered: {}", spec, message.identity(), poison.getMessage());
      return new Result(Verdict.DEAD_LETTER, poison.getMessage());
    }
    ObjectNode payload = Json.object();
    payload.set("body", read.body());
    payload.put("body_encoding", read.encoding());
    payload.set("headers", message.headers());
    payload.set("properties", message.properties());
    payload.setAll(message.fields());
    try {
      BrokerRunStarts.Outcome outcome =
          starts.start(
              spec.tenantId(),
              spec.workflow(),
              spec.triggerType(),
              spec.node().id(),
              message.identity(),
              payload);
      if (outcome == BrokerRunStarts.Outcome.STARTED) {
        stats.started();
      } else {
        stats.replayed();
      }
      return new Result(Verdict.ACK, null);
    } catch (RuntimeException e) {
      stats.retried();
      stats.error("could not store the run: " + e.getMessage());
      LOG.warn("{}: message {} left for redelivery: {}", spec, message.identity(), e.toString());
      return new Result(Verdict.RETRY, e.getMessage());
    }
  }
}

package io.flowd.api.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowd.engine.observability.Tracing;
import io.flowd.model.Workflow;
import io.flowd.runs.RunEngine;
import io.flowd.runs.RunOutcome;
import io.flowd.runs.RunRequest;
import io.flowd.runs.TriggerType;
import io.flowd.store.Database;
import io.flowd.store.IdempotencyKeyDao;
import io.flowd.store.IdempotencyRecord;
import io.flowd.store.RunDao;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place a broker message starts a run: every consumer goes through here, and here through
 * the run engine's entry point ({@link RunEngine#start}), whose typed outcome becomes the broker
 * settlement.
 *
 * <p>A message's identity becomes the run's idempotency key in a namespace of its own trigger
 * ({@link #keyOf}), so a redelivered message replays its run. API keys are taken over after 24
 * hours; a broker key is not while its run exists: a key that still names a stored run answers that
 * run before the engine is asked. A message whose run was deleted (with its workflow) starts a new
 * run.
 */
public final class BrokerRunStarts {

  /** What a message's start came to; either way the message was handled and may be acked. */
  public enum Outcome {
    /** The message started a new run, now stored (running, or queued by a concurrency limit). */
    STARTED,
    /** An earlier delivery of the message started its run already. */
    REPLAYED
  }

  private final Database database;
  private final RunEngine engine;
  private final String haltAfterCommit;
  private final Tracing tracing;

  /**
   * @param haltAfterCommit the fault-test hook: the identity of a message whose first start halts
   *     the process after its run is committed, before it is acked; {@code null} in production
   */
  public BrokerRunStarts(Database database, RunEngine engine, String haltAfterCommit) {
    this(database, engine, haltAfterCommit, Tracing.off());
  }

  /**
   * Like {@link #BrokerRunStarts(Database, RunEngine, String)}; with {@code tracing} on, each
   * message's start is a {@code CONSUMER} span ({@code <system> process}) the run's trace starts
   * in.
   */
  public BrokerRunStarts(
      Database database, RunEngine engine, String haltAfterCommit, Tracing tracing) {
    this.database = database;
    this.engine = engine;
    this.haltAfterCommit = haltAfterCommit;
    this.tracing = tracing;
  }

  /**
   * Starts the run of one message, or finds the run an earlier delivery started. When it returns,
   * the key and the run are committed, so the caller may acknowledge the message.
   *
   * @param trigger the run's trigger ({@code RABBITMQ}, {@code NATS}, {@code KAFKA})
   * @param nodeId the trigger node, part of the key's namespace
   * @param identity the message's identity within its trigger
   * @throws IllegalStateException when no run was stored (PostgreSQL unreachable, the workflow
   *     gone): the message must not be acked
   */
  public Outcome start(
      String tenantId,
      Workflow workflow,
      TriggerType trigger,
      String nodeId,
      String identity,
      JsonNode payload) {
    if (!tracing.enabled()) {
      return startUntraced(tenantId, workflow, trigger, nodeId, identity, payload);
    }
    String system = trigger.json();
    Span span =
        tracing
            .tracer()
            .spanBuilder(system + " process")
            .setNoParent()
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute("messaging.system", system)
            .setAttribute("messaging.operation.type", "process")
            .setAttribute("flowd.workflow.id", workflow.id())
            .setAttribute("flowd.node.id", nodeId)
            .setAttribute("flowd.trigger", system)
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      Outcome outcome = startUntraced(tenantId, workflow, trigger, nodeId, identity, payload);
      span.setAttribute("flowd.start.outcome", outcome.name().toLowerCase(Locale.ROOT));
      return outcome;
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR);
      span.recordException(e);
      throw e;
    } finally {
      span.end();
    }
  }

  private Outcome startUntraced(
      String tenantId,
      Workflow workflow,
      TriggerType trigger,
      String nodeId,
      String identity,
      JsonNode payload) {
    UUID key = keyOf(workflow.id(), nodeId, identity);
    Optional<IdempotencyRecord> held = database.dao(IdempotencyKeyDao.class).find(tenantId, key);
    if (held.isPresent()
        && database.dao(RunDao.class).find(tenantId, held.get().runId()).isPresent()) {
      return Outcome.REPLAYED;
    }
    RunOutcome outcome =
        engine.start(
            RunRequest.of(tenantId, workflow, trigger, payload)
                .withIdempotencyKey(key, TextNode.valueOf(key.toString())));
    if (outcome instanceof RunOutcome.Started || outcome instanceof RunOutcome.Queued) {
      if (identity.equals(haltAfterCommit)) {
        Runtime.getRuntime().halt(137);
      }
      return Outcome.STARTED;
    }
    if (outcome instanceof RunOutcome.Replayed) {
      return Outcome.REPLAYED;
    }
    if (outcome instanceof RunOutcome.Mismatch mismatch) {
      // The fingerprint is the key itself, so this cannot happen; the message has its run.
      return Outcome.REPLAYED;
    }
    if (outcome instanceof RunOutcome.NotFound notFound) {
      throw new IllegalStateException(notFound.message());
    }
    if (outcome instanceof RunOutcome.Unavailable unavailable) {
      throw new IllegalStateException(unavailable.message());
    }
    throw new IllegalStateException("the run engine declined the message's run: " + outcome);
  }

  /** Returns the idempotency key of a message: its identity in its trigger's namespace. */
  public static UUID keyOf(String workflowId, String nodeId, String identity) {
    return UUID.nameUUIDFromBytes(
        ("broker-message\n" + workflowId + "\n" + nodeId + "\n" + identity)
            .getBytes(StandardCharsets.UTF_8));
  }
}

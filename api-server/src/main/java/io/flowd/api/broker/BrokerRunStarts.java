package io.flowd.api.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowd.api.run.RunStarter;
import io.flowd.model.Workflow;
import io.flowd.store.Database;
import io.flowd.store.IdempotencyKeyDao;
import io.flowd.store.IdempotencyRecord;
import io.flowd.store.RunDao;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place a broker message starts a run: every consumer goes through here, so moving the
 * broker triggers to another start path is a change of this class alone.
 *
 * <p>A message's identity becomes the run's idempotency key in a namespace of its own trigger
 * ({@link #keyOf}), so a redelivered message replays its run. API keys are taken over after 24
 * hours; a broker key is not while its run exists: a key that still names a stored run answers that
 * run before the start path is asked. A message whose run was deleted (with its workflow) starts a
 * new run.
 */
public final class BrokerRunStarts {

  /** What a message's start came to; either way the message was handled and may be acked. */
  public enum Outcome {
    /** The message started a new run, now stored. */
    STARTED,
    /** An earlier delivery of the message started its run already. */
    REPLAYED
  }

  private final Database database;
  private final RunStarter starter;

  public BrokerRunStarts(Database database, RunStarter starter) {
    this.database = database;
    this.starter = starter;
  }

  /**
   * Starts the run of one message, or finds the run an earlier delivery started. When it returns,
   * the key and the run are committed, so the caller may acknowledge the message.
   *
   * @param triggerType the run's trigger type ({@code rabbitmq}, {@code nats}, {@code kafka})
   * @param nodeId the trigger node, part of the key's namespace
   * @param identity the message's identity within its trigger
   * @throws RuntimeException when PostgreSQL did not take the run (the message must not be acked)
   */
  public Outcome start(
      String tenantId,
      Workflow workflow,
      String triggerType,
      String nodeId,
      String identity,
      JsonNode payload) {
    UUID key = keyOf(workflow.id(), nodeId, identity);
    Optional<IdempotencyRecord> held = database.dao(IdempotencyKeyDao.class).find(tenantId, key);
    if (held.isPresent()
        && database.dao(RunDao.class).find(tenantId, held.get().runId()).isPresent()) {
      return Outcome.REPLAYED;
    }
    RunStarter.Started started =
        starter.start(
            tenantId, workflow, triggerType, payload, key, TextNode.valueOf(key.toString()));
    return started.replayed() ? Outcome.REPLAYED : Outcome.STARTED;
  }

  /** Returns the idempotency key of a message: its identity in its trigger's namespace. */
  public static UUID keyOf(String workflowId, String nodeId, String identity) {
    return UUID.nameUUIDFromBytes(
        ("broker-message\n" + workflowId + "\n" + nodeId + "\n" + identity)
            .getBytes(StandardCharsets.UTF_8));
  }
}

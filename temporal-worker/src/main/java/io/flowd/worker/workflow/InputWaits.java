package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.RunRef;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.worker.activity.RunBookkeeping;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's {@code wait_for_input} nodes that wait right now, and the run's {@code waiting} status
 * in PostgreSQL. The waits are workflow state, so they survive worker restarts.
 */
final class InputWaits {
  private final Map<String, CompletablePromise<JsonNode>> waiting = new LinkedHashMap<>();
  private final Map<String, Boolean> forEvent = new LinkedHashMap<>();
  private final RunBookkeeping bookkeeping;
  private final RunRef run;
  private boolean markedWaiting;

  InputWaits(RunBookkeeping bookkeeping, RunRef run) {
    this.bookkeeping = bookkeeping;
    this.run = run;
  }

  /** Returns the bookkeeping stub the waits write through. */
  RunBookkeeping bookkeeping() {
    return bookkeeping;
  }

  /** Returns the run the waits belong to. */
  RunRef run() {
    return run;
  }

  /** Registers a wait of {@code nodeId}; call before the node's body runs. */
  CompletablePromise<JsonNode> register(String nodeId) {
    CompletablePromise<JsonNode> delivered = Workflow.newPromise();
    waiting.put(nodeId, delivered);
    return delivered;
  }

  /** Registers a {@code wait_for_event} wait of {@code nodeId}; call before its body runs. */
  CompletablePromise<JsonNode> registerEvent(String nodeId) {
    forEvent.put(nodeId, true);
    return register(nodeId);
  }

  /**
   * Blocks until an event for {@code nodeId} arrives or {@code timeout} passes.
   *
   * @throws NodeFailure {@code timeout} when no event arrived in time
   */
  NodeOutcome awaitEvent(String nodeId, CompletablePromise<JsonNode> delivered, Duration timeout) {
    try {
      if (!Workflow.await(timeout, delivered::isCompleted)) {
        throw new NodeFailure(
            "timeout", "no event arrived within " + timeout.toSeconds() + " seconds", false);
      }
      return NodeOutcome.of(delivered.get());
    } finally {
      if (waiting.get(nodeId) == delivered) {
        waiting.remove(nodeId);
      }
      forEvent.remove(nodeId);
    }
  }

  /** Returns whether {@code nodeId} waits now: for an event, or for input ({@code event} false). */
  boolean isWaiting(String nodeId, boolean event) {
    return waiting.containsKey(nodeId) && forEvent.containsKey(nodeId) == event;
  }

  /**
   * Blocks until input for {@code nodeId} arrives or {@code timeout} passes.
   *
   * @throws NodeFailure {@code timeout} when no input arrived in time
   */
  NodeOutcome await(String nodeId, CompletablePromise<JsonNode> delivered, Duration timeout) {
    try {
      if (!Workflow.await(timeout, delivered::isCompleted)) {
        throw new NodeFailure(
            "timeout", "no input arrived within " + timeout.toSeconds() + " seconds", false);
      }
      return NodeOutcome.of(delivered.get());
    } finally {
      if (waiting.get(nodeId) == delivered) {
        waiting.remove(nodeId);
      }
    }
  }

  /** Returns whether {@code nodeId} waits for input now. */
  boolean isWaiting(String nodeId) {
    return isWaiting(nodeId, false);
  }

  /**
   * Completes the wait of {@code nodeId}; when no other node waits, the run is marked {@code
   * running} before the update returns, so the caller reads the new status.
   */
  void deliver(String nodeId, JsonNode payload) {
    CompletablePromise<JsonNode> delivered = waiting.remove(nodeId);
    forEvent.remove(nodeId);
    if (delivered == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no wait_for_input node waits at " + nodeId, "not_waiting");
    }
    if (waiting.isEmpty() && markedWaiting) {
      markedWaiting = false;
      bookkeeping.markResumed(run);
    }
    delivered.complete(payload);
  }

  /** Writes {@code waiting} or {@code running} when the set of waits became non-empty or empty. */
  void syncStatus() {
    if (!waiting.isEmpty() && !markedWaiting) {
      markedWaiting = true;
      bookkeeping.markWaiting(run);
    } else if (waiting.isEmpty() && markedWaiting) {
      markedWaiting = false;
      bookkeeping.markResumed(run);
    }
  }
}

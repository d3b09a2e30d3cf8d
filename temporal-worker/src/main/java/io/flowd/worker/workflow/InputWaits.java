package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.RunRef;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.worker.activity.RunBookkeeping;
import io.flowd.worker.activity.WaitEntry;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The run's {@code wait_for_input} nodes that wait right now, and the run's {@code waiting} status
 * in PostgreSQL. The waits are workflow state, so they survive worker restarts.
 */
final class InputWaits {
  private final Map<String, CompletablePromise<JsonNode>> waiting = new LinkedHashMap<>();
  private final Map<String, Boolean> forEvent = new LinkedHashMap<>();
  private final RunBookkeeping bookkeeping;
  private final RunRef run;
  private final List<WaitEntry> opened = new ArrayList<>();
  private final List<String> closed = new ArrayList<>();
  private boolean markedWaiting;
  private boolean recordWaits;
  private Function<String, RunBookkeeping> summarized;

  InputWaits(RunBookkeeping bookkeeping, RunRef run) {
    this.bookkeeping = bookkeeping;
    this.run = run;
  }

  /**
   * From {@link HistoryVersions#RUN_VIEW} on, each wait is recorded with its prompt and deadline,
   * and its timer carries a summary.
   */
  void recordWaits(boolean record, Function<String, RunBookkeeping> summarized) {
    this.recordWaits = record;
    this.summarized = summarized;
  }

  /**
   * Registers a wait of {@code nodeId} and its record for the run's {@code waiting_for}; call
   * before the node's body runs.
   */
  CompletablePromise<JsonNode> register(String nodeId, WaitEntry entry) {
    CompletablePromise<JsonNode> delivered = register(nodeId);
    if (recordWaits) {
      opened.add(entry);
    }
    return delivered;
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
  NodeOutcome await(
      String nodeId, CompletablePromise<JsonNode> delivered, Duration timeout, String summary) {
    try {
      if (!arrives(delivered, timeout, summary)) {
        throw new NodeFailure(
            "timeout", "no input arrived within " + timeout.toSeconds() + " seconds", false);
      }
      return NodeOutcome.of(delivered.get());
    } finally {
      if (waiting.get(nodeId) == delivered) {
        waiting.remove(nodeId);
        if (recordWaits) {
          closed.add(nodeId);
        }
      }
    }
  }

  /** Waits for the delivery or the timeout; a recorded wait's timer carries {@code summary}. */
  private boolean arrives(
      CompletablePromise<JsonNode> delivered, Duration timeout, String summary) {
    if (!recordWaits) {
      return Workflow.await(timeout, delivered::isCompleted);
    }
    CancellationScope timerScope =
        Workflow.newCancellationScope(
            () -> {
              Promise<Void> timer =
                  Workflow.newTimer(timeout, TimerOptions.newBuilder().setSummary(summary).build());
              Promise.anyOf(delivered, timer).get();
            });
    timerScope.run();
    if (delivered.isCompleted()) {
      timerScope.cancel("input arrived");
      return true;
    }
    return false;
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
    if (recordWaits) {
      boolean resumed = waiting.isEmpty() && markedWaiting;
      markedWaiting = markedWaiting && !resumed;
      summarized
          .apply("input for " + nodeId + " arrived")
          .updateWaits(run, List.of(), List.of(nodeId), resumed ? "running" : null);
    } else if (waiting.isEmpty() && markedWaiting) {
      markedWaiting = false;
      bookkeeping.markResumed(run);
    }
    delivered.complete(payload);
  }

  private String waitsSummary() {
    List<String> parts = new ArrayList<>();
    opened.forEach(wait -> parts.add(wait.nodeId() + " waits for input"));
    closed.forEach(nodeId -> parts.add(nodeId + " stopped waiting"));
    return parts.isEmpty()
        ? "run status: " + (markedWaiting ? "waiting" : "running")
        : String.join(", ", parts);
  }

  /** Writes {@code waiting} or {@code running} when the set of waits became non-empty or empty. */
  void syncStatus() {
    if (recordWaits) {
      String status = null;
      if (!waiting.isEmpty() && !markedWaiting) {
        markedWaiting = true;
        status = "waiting";
      } else if (waiting.isEmpty() && markedWaiting) {
        markedWaiting = false;
        status = "running";
      }
      if (status != null || !opened.isEmpty() || !closed.isEmpty()) {
        summarized
            .apply(waitsSummary())
            .updateWaits(run, List.copyOf(opened), List.copyOf(closed), status);
        opened.clear();
        closed.clear();
      }
      return;
    }
    if (!waiting.isEmpty() && !markedWaiting) {
      markedWaiting = true;
      bookkeeping.markWaiting(run);
    } else if (waiting.isEmpty() && markedWaiting) {
      markedWaiting = false;
      bookkeeping.markResumed(run);
    }
  }
}

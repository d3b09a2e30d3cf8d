package io.flowd.worker.workflow;

import io.flowd.nodes.spi.NodeOutcome;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The nodes that run asynchronously right now (activities, timers, control nodes), each in its own
 * cancellation scope, and the run's wait for the next of them to end. Nodes are kept in the order
 * they started, which is the order a failed run cancels them in.
 */
final class RunningNodes {
  /** A node started asynchronously, and how it ended once it has. */
  record Completion(NodeOutcome outcome, RuntimeException failure) {}

  /**
   * How a running node's end is read, chosen once by its handler kind when it starts: a control
   * node and a timer are logged by the interpreter, any other node by its activity.
   */
  enum Finish {
    CONTROL,
    TIMER,
    ACTIVITY
  }

  /** A running node: its completion, its scope, when it started and how its end is read. */
  record Running(
      Promise<Completion> promise, CancellationScope scope, long startedAt, Finish finish) {}

  /** Reads the completion of node {@code i} that ended. */
  interface Finisher {
    void finish(int i, Running running);
  }

  private final Map<Integer, Running> running = new LinkedHashMap<>();

  /** Starts {@code body} in a cancellation scope of its own as node {@code i}. */
  void start(int i, long startedAt, Finish finish, Supplier<Promise<Completion>> body) {
    List<Promise<Completion>> holder = new ArrayList<>();
    CancellationScope cancellation = Workflow.newCancellationScope(() -> holder.add(body.get()));
    cancellation.run();
    running.put(i, new Running(holder.get(0), cancellation, startedAt, finish));
  }

  boolean isEmpty() {
    return running.isEmpty();
  }

  /** Whether a control node runs: it may write the run's status (waits) or start child runs. */
  boolean anyControl() {
    for (Running r : running.values()) {
      if (r.finish() == Finish.CONTROL) {
        return true;
      }
    }
    return false;
  }

  /**
   * Blocks until a node ends or the {@code deadline} (may be {@code null}) fires; returns whether
   * the deadline fired.
   */
  boolean awaitAny(Promise<Void> deadline) {
    List<Promise<Completion>> promises = new ArrayList<>();
    running.values().forEach(r -> promises.add(r.promise()));
    if (deadline != null) {
      promises.add(deadline.thenApply(ignored -> (Completion) null));
    }
    Promise.anyOf(promises).get();
    return deadline != null && deadline.isCompleted();
  }

  /** Hands each node that ended to {@code finisher}, in graph order, forgetting it first. */
  void finishEnded(int nodeCount, Finisher finisher) {
    for (int i = 0; i < nodeCount; i++) {
      Running r = running.get(i);
      if (r != null && r.promise().isCompleted()) {
        running.remove(i);
        finisher.finish(i, r);
      }
    }
  }

  /** Cancels every running node, in the order they started. */
  void cancelAll(String reason) {
    running.values().forEach(r -> r.scope().cancel(reason));
  }
}

package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.NodeSettings;
import io.flowd.model.graph.Handles;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.nodes.spi.ActivityNodeHandler;
import io.flowd.nodes.spi.NodeCall;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.vault.SecretMask;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one node attempt and logs it: success, warning (will be retried) or error (final). Vault
 * secrets are resolved here only, and every resolved value is masked as {@code ***} in the output,
 * the log and the failure message that leave the activity. The attempt heartbeats, so a cancelled
 * run stops a node in flight.
 */
public final class NodeActivitiesImpl implements NodeActivities {
  private static final Logger LOG = LoggerFactory.getLogger(NodeActivitiesImpl.class);

  private final NodeExecution execution;
  private static final long WRITE_RETRY_NANOS = 60_000_000_000L;
  private static final long WORK_GRACE_SECONDS = 5;

  private final LogWriter logs;
  private final PayloadStore payloads;

  public NodeActivitiesImpl(NodeExecution execution, LogWriter logs, PayloadStore payloads) {
    this.execution = execution;
    this.logs = logs;
    this.payloads = payloads;
  }

  @Override
  public NodeResult run(NodeTask task) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    int attempt = context.getInfo().getAttempt();
    long started = System.nanoTime();
    AtomicReference<SecretMask> mask = new AtomicReference<>(SecretMask.NONE);
    Called called;
    try {
      // Every step of the attempt runs under heartbeats, its PostgreSQL reads included: an attempt
      // that waits on a stopped database without beating is timed out by Temporal while it is still
      // alive, and the next attempt would call the peer a second time.
      called =
          Heartbeats.call(
              context, () -> call(task, attempt, context, mask), deadline(task, started));
    } catch (ActivityCompletionException cancelled) {
      throw cancelled;
    } catch (Heartbeats.Overdue overdue) {
      int seconds = NodeSettings.of(task.data()).timeoutSeconds();
      throw fail(
          task,
          attempt,
          started,
          new NodeFailure("timeout", "timed out after " + seconds + " seconds", true));
    } catch (NodeFailure failure) {
      throw fail(task, attempt, started, NodeExecution.masked(failure, mask.get()));
    } catch (RuntimeException e) {
      throw unexpected(task, attempt, started, mask.get(), e);
    }
    if (called.logged() != null) {
      return called.logged();
    }
    NodeOutcome outcome = called.outcome();
    // The call succeeded: from here on nothing may turn it into a failed attempt that calls again,
    // and the attempt keeps beating while its success is written, so Temporal does not start
    // another attempt before the log has landed.
    LogEntry success =
        withConsole(
            entry(task, "success", outcome.output(), outcome.handle(), attempt, started),
            outcome.console());
    Heartbeats.keepAlive(context, () -> writeUntilItLands(task, success));
    try {
      JsonNode passed = payloads.offload(task.run(), "node:" + task.nodeId(), outcome.output());
      return new NodeResult(passed, outcome.handle());
    } catch (NodeFailure failure) {
      throw fail(task, attempt, started, NodeExecution.masked(failure, mask.get()));
    }
  }

  /**
   * When the attempt's work (its reads and the node's call) must end: the node's timeout plus a few
   * seconds, as Temporal's start-to-close timeout used to end it. The activity's own start-to-close
   * timeout is longer, so the success of a call that ended in time can still be logged.
   */
  private static long deadline(NodeTask task, long startedNanos) {
    return startedNanos
        + TimeUnit.SECONDS.toNanos(
            NodeSettings.of(task.data()).timeoutSeconds() + WORK_GRACE_SECONDS);
  }

  /**
   * What an attempt's call gave: the node's outcome, or the result an earlier attempt logged (then
   * nothing was called).
   */
  private record Called(NodeOutcome outcome, NodeResult logged) {}

  private Called call(
      NodeTask task,
      int attempt,
      ActivityExecutionContext context,
      AtomicReference<SecretMask> mask) {
    String tenant = task.run().tenantId();
    if (task.begin() != null) {
      // The run's first write travels with its first node activity (HistoryVersions.LEAN_RUN).
      logs.begin(task.run(), LogWriter.resolved(payloads, task.run(), task.begin()));
    }
    NodeExecution.Prepared node =
        execution.prepare(
            tenant,
            task.componentId(),
            task.data(),
            payloads.resolveAll(tenant, task.scope()),
            context.getInfo().getScheduledTimestamp());
    mask.set(node.mask());
    if (attempt > 1 && node.handler() instanceof ActivityNodeHandler) {
      Optional<JsonNode> logged = logs.successOutput(task.run(), task.nodeId());
      if (logged.isPresent()) {
        // An earlier attempt's call succeeded and was logged; its result was lost on the way.
        return new Called(
            null,
            new NodeResult(
                payloads.offload(task.run(), "node:" + task.nodeId(), logged.get()), null));
      }
    }
    JsonNode input = payloads.resolve(tenant, task.input());
    NodeCall call = new NodeCall(tenant, task.run().runId(), task.nodeId());
    return new Called(NodeExecution.invoke(node, input, call), null);
  }

  /**
   * Writes the success log, retrying with back-off for about a minute (PostgreSQL restarting); the
   * attempt fails only when it never lands, and its retry then finds nothing logged.
   */
  private void writeUntilItLands(NodeTask task, LogEntry entry) {
    long deadline = System.nanoTime() + WRITE_RETRY_NANOS;
    long pause = 100;
    while (true) {
      try {
        logs.write(task.run(), entry);
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        LOG.warn(
            "could not log the success of node {} of run {} yet: {}",
            task.nodeId(),
            task.run().runId(),
            e.toString());
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pause = Math.min(pause * 2, 5_000);
      }
    }
  }

  private ApplicationFailure unexpected(
      NodeTask task, int attempt, long started, SecretMask mask, RuntimeException e) {
    LOG.warn(
        "node {} of run {} failed unexpectedly: {}",
        task.nodeId(),
        task.run().runId(),
        mask.apply(e.toString()));
    return fail(
        task, attempt, started, new NodeFailure("internal_error", mask.apply(e.toString()), true));
  }

  private ApplicationFailure fail(NodeTask task, int attempt, long started, NodeFailure failure) {
    boolean last = !failure.retryable() || attempt >= task.maxAttempts();
    JsonNode output = failure.errorOutput();
    String handle = last ? Handles.ofFailure(NodeSettings.of(task.data())) : null;
    logs.write(
        task.run(), entry(task, last ? "error" : "warning", output, handle, attempt, started));
    if (failure.details() == null) {
      return failure.retryable()
          ? ApplicationFailure.newFailure(failure.getMessage(), failure.type())
          : ApplicationFailure.newNonRetryableFailure(failure.getMessage(), failure.type());
    }
    // The error output travels as the failure's details (claim-checked when large), so an error
    // edge's successor can read its status and body.
    JsonNode passed;
    try {
      passed = payloads.offload(task.run(), "node-error:" + task.nodeId(), output);
    } catch (NodeFailure tooLarge) {
      passed = new NodeFailure(failure.type(), failure.getMessage(), false).errorOutput();
    }
    return failure.retryable()
        ? ApplicationFailure.newFailure(failure.getMessage(), failure.type(), passed)
        : ApplicationFailure.newNonRetryableFailure(failure.getMessage(), failure.type(), passed);
  }

  private static LogEntry withConsole(LogEntry entry, java.util.List<String> console) {
    return new LogEntry(
        entry.nodeId(),
        entry.componentId(),
        entry.status(),
        entry.output(),
        entry.attempt(),
        entry.durationMs(),
        entry.handle(),
        console);
  }

  private static LogEntry entry(
      NodeTask task,
      String status,
      JsonNode output,
      String handle,
      int attempt,
      long startedNanos) {
    return new LogEntry(
        task.nodeId(),
        task.componentId(),
        status,
        output,
        attempt,
        (System.nanoTime() - startedNanos) / 1_000_000,
        handle);
  }
}

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
    SecretMask mask = SecretMask.NONE;
    NodeOutcome outcome;
    try {
      String tenant = task.run().tenantId();
      NodeExecution.Prepared node =
          execution.prepare(
              tenant,
              task.componentId(),
              task.data(),
              payloads.resolveAll(tenant, task.scope()),
              context.getInfo().getScheduledTimestamp());
      mask = node.mask();
      if (attempt > 1 && node.handler() instanceof ActivityNodeHandler) {
        Optional<JsonNode> logged = logs.successOutput(task.run(), task.nodeId());
        if (logged.isPresent()) {
          // An earlier attempt's call succeeded and was logged; its result was lost on the way.
          return new NodeResult(
              payloads.offload(task.run(), "node:" + task.nodeId(), logged.get()), null);
        }
      }
      JsonNode input = payloads.resolve(tenant, task.input());
      NodeCall call = new NodeCall(tenant, task.run().runId(), task.nodeId());
      outcome = Heartbeats.call(context, () -> NodeExecution.invoke(node, input, call));
    } catch (ActivityCompletionException cancelled) {
      throw cancelled;
    } catch (NodeFailure failure) {
      throw fail(task, attempt, started, NodeExecution.masked(failure, mask));
    } catch (RuntimeException e) {
      throw unexpected(task, attempt, started, mask, e);
    }
    // The call succeeded: from here on nothing may turn it into a failed attempt that calls again.
    LogEntry success = entry(task, "success", outcome.output(), outcome.handle(), attempt, started);
    writeUntilItLands(context, task, success);
    try {
      JsonNode passed = payloads.offload(task.run(), "node:" + task.nodeId(), outcome.output());
      return new NodeResult(passed, outcome.handle());
    } catch (NodeFailure failure) {
      throw fail(task, attempt, started, NodeExecution.masked(failure, mask));
    }
  }

  /**
   * Writes the success log, retrying with back-off for about a minute (PostgreSQL restarting); the
   * attempt fails only when it never lands, and its retry then finds nothing logged.
   */
  private void writeUntilItLands(ActivityExecutionContext context, NodeTask task, LogEntry entry) {
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
        try {
          context.heartbeat(null);
        } catch (RuntimeException stopping) {
          // Cancelled or draining: keep trying to record what already happened.
        }
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

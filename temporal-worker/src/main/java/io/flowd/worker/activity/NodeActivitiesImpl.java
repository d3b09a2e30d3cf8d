package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeSettings;
import io.flowd.model.graph.Handles;
import io.flowd.nodes.NodeExecution;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.vault.SecretMask;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
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
    try {
      String tenant = task.run().tenantId();
      NodeExecution.Prepared node =
          execution.prepare(
              tenant, task.componentId(), task.data(), payloads.resolveAll(tenant, task.scope()));
      mask = node.mask();
      JsonNode input = payloads.resolve(tenant, task.input());
      NodeOutcome outcome = Heartbeats.call(context, () -> NodeExecution.invoke(node, input));
      JsonNode passed = payloads.offload(task.run(), "node:" + task.nodeId(), outcome.output());
      logs.write(
          task.run(), entry(task, "success", outcome.output(), outcome.handle(), attempt, started));
      return new NodeResult(passed, outcome.handle());
    } catch (ActivityCompletionException cancelled) {
      throw cancelled;
    } catch (NodeFailure failure) {
      throw fail(task, attempt, started, NodeExecution.masked(failure, mask));
    } catch (RuntimeException e) {
      LOG.warn(
          "node {} of run {} failed unexpectedly: {}",
          task.nodeId(),
          task.run().runId(),
          mask.apply(e.toString()));
      throw fail(
          task,
          attempt,
          started,
          new NodeFailure("internal_error", mask.apply(e.toString()), true));
    }
  }

  private ApplicationFailure fail(NodeTask task, int attempt, long started, NodeFailure failure) {
    boolean last = !failure.retryable() || attempt >= task.maxAttempts();
    String handle = last ? Handles.ofFailure(NodeSettings.of(task.data())) : null;
    logs.write(
        task.run(),
        entry(task, last ? "error" : "warning", errorOutput(failure), handle, attempt, started));
    return failure.retryable()
        ? ApplicationFailure.newFailure(failure.getMessage(), failure.type())
        : ApplicationFailure.newNonRetryableFailure(failure.getMessage(), failure.type());
  }

  /** Returns the contract's error object: {@code {"error": {"message", "type"}}}. */
  public static JsonNode errorOutput(NodeFailure failure) {
    ObjectNode output = Json.object();
    output.putObject("error").put("message", failure.getMessage()).put("type", failure.type());
    return output;
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

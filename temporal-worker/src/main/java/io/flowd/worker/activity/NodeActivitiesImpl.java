package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.template.Templates;
import io.flowd.worker.node.ActivityNodeHandler;
import io.flowd.worker.node.NodeFailure;
import io.flowd.worker.node.NodeHandler;
import io.flowd.worker.node.NodeHandlerRegistry;
import io.flowd.worker.node.NodeOutcome;
import io.flowd.worker.node.PureNodeHandler;
import io.flowd.worker.payload.PayloadStore;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one node attempt and logs it: success, warning (will be retried) or error (final). */
public final class NodeActivitiesImpl implements NodeActivities {
  private static final Logger LOG = LoggerFactory.getLogger(NodeActivitiesImpl.class);

  private final NodeHandlerRegistry registry;
  private final LogWriter logs;
  private final PayloadStore payloads;

  public NodeActivitiesImpl(NodeHandlerRegistry registry, LogWriter logs, PayloadStore payloads) {
    this.registry = registry;
    this.logs = logs;
    this.payloads = payloads;
  }

  @Override
  public NodeResult run(NodeTask task) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    long started = System.nanoTime();
    try {
      String tenant = task.run().tenantId();
      ObjectNode config =
          (ObjectNode)
              Templates.render(task.data(), payloads.resolveAll(tenant, task.scope())::get);
      JsonNode input = payloads.resolve(tenant, task.input());
      NodeOutcome outcome = execute(registry.get(task.componentId()), config, input);
      JsonNode passed = payloads.offload(task.run(), "node:" + task.nodeId(), outcome.output());
      logs.write(task.run(), entry(task, "success", outcome.output(), attempt, started));
      return new NodeResult(passed, outcome.handle());
    } catch (NodeFailure failure) {
      throw fail(task, attempt, started, failure);
    } catch (RuntimeException e) {
      LOG.warn("node {} of run {} failed unexpectedly", task.nodeId(), task.run().runId(), e);
      throw fail(task, attempt, started, new NodeFailure("internal_error", e.toString(), true));
    }
  }

  private static NodeOutcome execute(NodeHandler handler, ObjectNode config, JsonNode input) {
    if (handler instanceof ActivityNodeHandler activity) {
      return activity.execute(config, input);
    }
    if (handler instanceof PureNodeHandler pure) {
      return pure.evaluate(config, input);
    }
    throw new NodeFailure(
        "internal_error", handler.componentId() + " cannot run as an activity", false);
  }

  private ApplicationFailure fail(NodeTask task, int attempt, long started, NodeFailure failure) {
    boolean last = !failure.retryable() || attempt >= task.maxAttempts();
    logs.write(
        task.run(),
        entry(task, last ? "error" : "warning", errorOutput(failure), attempt, started));
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
      NodeTask task, String status, JsonNode output, int attempt, long startedNanos) {
    return new LogEntry(
        task.nodeId(),
        task.componentId(),
        status,
        output,
        attempt,
        (System.nanoTime() - startedNanos) / 1_000_000);
  }
}

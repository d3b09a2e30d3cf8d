package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.template.Templates;
import io.flowd.nodes.components.ConditionHandler;
import io.flowd.nodes.components.DataMapperHandler;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import io.flowd.worker.activity.NodeResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard graph written by hand the efficient way: the mappers and the condition run in
 * workflow code (they are pure), the POST is the one activity.
 */
public final class RawWorkflowImpl implements RawWorkflow {
  private static final PureNodeHandler MAPPER = new DataMapperHandler();
  private static final PureNodeHandler CONDITION = new ConditionHandler("string_condition");

  private final RawActivities activities =
      Workflow.newActivityStub(
          RawActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(35))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  @Override
  public NodeResult run(RawInput input) {
    Map<String, JsonNode> scope = new LinkedHashMap<>();
    scope.put("trigger", input.trigger());
    scope.put("node_2", pure(MAPPER, input.mapper(), scope).output());
    NodeOutcome condition = pure(CONDITION, input.condition(), scope);
    if ("true".equals(condition.handle())) {
      ObjectNode webhook = (ObjectNode) Templates.render(input.webhook(), scope::get);
      scope.put("node_4", activities.post(webhook));
      NodeOutcome last = pure(MAPPER, input.onTrue(), scope);
      return new NodeResult(last.output(), last.handle());
    }
    NodeOutcome last = pure(MAPPER, input.onFalse(), scope);
    return new NodeResult(last.output(), last.handle());
  }

  private static NodeOutcome pure(
      PureNodeHandler handler, ObjectNode data, Map<String, JsonNode> scope) {
    return handler.evaluate((ObjectNode) Templates.render(data, scope::get), null);
  }
}

package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.worker.activity.NodeResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The standard graph written by hand: four activities on the true branch. */
public final class RawWorkflowImpl implements RawWorkflow {
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
    scope.put("node_2", activities.step("data_mapper", input.mapper(), scope).output());
    NodeResult condition = activities.step("string_condition", input.condition(), scope);
    if ("true".equals(condition.handle())) {
      scope.put("node_4", activities.step("webhook", input.webhook(), scope).output());
      return activities.step("data_mapper", input.onTrue(), scope);
    }
    return activities.step("data_mapper", input.onFalse(), scope);
  }
}

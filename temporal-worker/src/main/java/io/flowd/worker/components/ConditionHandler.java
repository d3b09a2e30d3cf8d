package io.flowd.worker.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.model.condition.ConditionException;
import io.flowd.model.condition.Conditions;
import io.flowd.worker.node.NodeFailure;
import io.flowd.worker.node.NodeOutcome;
import io.flowd.worker.node.PureNodeHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison conditions ({@code string_condition}, {@code number_condition}, …): {@code left
 * operator right}, leaving by the {@code "true"} or {@code "false"} handle.
 *
 * @param componentId which condition component this is
 */
public record ConditionHandler(String componentId) implements PureNodeHandler {

  @Override
  public NodeType type() {
    return NodeType.CONDITION;
  }

  @Override
  public List<String> outputHandles(ObjectNode data) {
    return List.of("true", "false");
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    ConfigChecks.oneOf(data, "operator", Conditions.operators(componentId), true, path, errors);
    if (!data.has("left")) {
      errors.add(new ValidationError(ConfigChecks.INVALID, path + ".left", "left is required"));
    }
    return errors;
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    try {
      boolean result =
          Conditions.evaluate(
              componentId,
              config.get("left"),
              config.get("operator").asText(),
              config.get("right"));
      ObjectNode output = Json.object().put("result", result);
      return new NodeOutcome(output, Boolean.toString(result));
    } catch (ConditionException e) {
      throw new NodeFailure("condition_error", e.getMessage(), false);
    }
  }
}

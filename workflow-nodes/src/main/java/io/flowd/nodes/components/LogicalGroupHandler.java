package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.model.condition.Comparison;
import io.flowd.model.condition.Conditions;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code logical_group}: combines {@code conditions} with {@code combinator} {@code and} or {@code
 * or}; output {@code {"result"}}, leaving by {@code "true"} or {@code "false"}. Each condition is
 * an object {@code {"componentId": <a typed condition or logical_group>, …its config}}. Conditions
 * are evaluated in order and stop as soon as the result is known (so a guard such as {@code
 * is_not_empty} may protect a later comparison); a condition that is evaluated and fails fails the
 * node.
 */
public final class LogicalGroupHandler extends HandlerBase implements PureNodeHandler {
  private static final String ID = "logical_group";
  private static final List<String> COMBINATORS = List.of("and", "or");

  public LogicalGroupHandler() {
    super(ID, NodeType.CONDITION);
  }

  @Override
  public String handleFromOutput(JsonNode output) {
    JsonNode result = output == null ? null : output.get("result");
    return result != null && result.isBoolean() ? Boolean.toString(result.booleanValue()) : null;
  }

  @Override
  public List<String> outputHandles(ObjectNode data) {
    return List.of("true", "false");
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    validateGroup(data, path, errors);
    return errors;
  }

  private static void validateGroup(ObjectNode group, String path, List<ValidationError> errors) {
    ConfigChecks.oneOf(group, "combinator", COMBINATORS, true, path, errors);
    JsonNode conditions = group.get("conditions");
    if (conditions == null || !conditions.isArray() || conditions.isEmpty()) {
      errors.add(
          new ValidationError(
              ConfigChecks.INVALID,
              path + ".conditions",
              "conditions must be a non-empty array of condition objects"));
      return;
    }
    for (int i = 0; i < conditions.size(); i++) {
      String itemPath = path + ".conditions[" + i + "]";
      JsonNode item = conditions.get(i);
      String componentId = item.path("componentId").asText("");
      if (!item.isObject()) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID, itemPath, "a condition is an object with a componentId"));
      } else if (componentId.equals(ID)) {
        validateGroup((ObjectNode) item, itemPath, errors);
      } else {
        var comparison = Comparison.forComponent(componentId);
        if (comparison.isEmpty()) {
          errors.add(
              new ValidationError(
                  ConfigChecks.INVALID,
                  itemPath + ".componentId",
                  "componentId must be one of "
                      + String.join(", ", Conditions.components())
                      + ", "
                      + ID));
        } else {
          ConditionChecks.typed(comparison.get(), (ObjectNode) item, itemPath, errors);
        }
      }
    }
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    boolean result = group(config, "");
    return new NodeOutcome(Json.object().put("result", result), Boolean.toString(result));
  }

  private static boolean group(JsonNode group, String path) {
    boolean and = group.path("combinator").asText().equals("and");
    JsonNode conditions = group.path("conditions");
    for (int i = 0; i < conditions.size(); i++) {
      String itemPath = path + "conditions[" + i + "]";
      if (condition(conditions.get(i), itemPath) != and) {
        return !and;
      }
    }
    return and;
  }

  private static boolean condition(JsonNode item, String path) {
    String componentId = item.path("componentId").asText();
    if (componentId.equals(ID)) {
      return group(item, path + ".");
    }
    Comparison comparison =
        Comparison.forComponent(componentId)
            .orElseThrow(
                () ->
                    new NodeFailure(
                        "condition_error", path + ": unknown condition " + componentId, false));
    try {
      return ConditionHandler.test(comparison, item);
    } catch (NodeFailure failure) {
      throw new NodeFailure(failure.type(), path + ": " + failure.getMessage(), false);
    }
  }
}

package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code expression_condition}: evaluates a boolean JSONata {@code expression}, outputs {@code
 * {"result"}} and leaves by the {@code "true"} or {@code "false"} handle. An expression without a
 * value counts as false; a value that is not a boolean fails the node (not retried).
 */
public final class ExpressionConditionHandler extends HandlerBase implements PureNodeHandler {

  public ExpressionConditionHandler() {
    super("expression_condition", NodeType.CONDITION);
  }

  @Override
  public List<String> expressionFields() {
    return List.of("expression");
  }

  @Override
  public List<String> outputHandles(ObjectNode data) {
    return List.of("true", "false");
  }

  @Override
  public String handleFromOutput(JsonNode output) {
    JsonNode result = output == null ? null : output.get("result");
    return result != null && result.isBoolean() ? Boolean.toString(result.booleanValue()) : null;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    ConfigChecks.text(data, "expression", true, path, errors);
    return errors;
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    JsonNode value = config.get("expression");
    boolean result;
    if (value == null || value.isNull()) {
      result = false;
    } else if (value.isBoolean()) {
      result = value.booleanValue();
    } else {
      throw new NodeFailure(
          "expression_error",
          "the expression gave " + Json.write(value) + ", not true or false",
          false);
    }
    return new NodeOutcome(Json.object().put("result", result), Boolean.toString(result));
  }
}

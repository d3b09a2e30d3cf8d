package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code transform}: its output is the value of one JSONata {@code expression} over the template
 * scope. The expression is evaluated while the config is rendered (see {@link #expressionFields}),
 * so this handler only hands the value on.
 */
public final class TransformHandler extends HandlerBase implements PureNodeHandler {

  public TransformHandler() {
    super("transform", NodeType.ACTION);
  }

  @Override
  public List<String> expressionFields() {
    return List.of("expression");
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
    return NodeOutcome.of(value == null ? NullNode.getInstance() : value.deepCopy());
  }
}

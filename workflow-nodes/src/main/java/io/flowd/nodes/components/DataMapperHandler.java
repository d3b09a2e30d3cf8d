package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.ArrayList;
import java.util.List;

/** {@code data_mapper}: its output is its {@code mappings} object with templates rendered. */
public final class DataMapperHandler extends HandlerBase implements PureNodeHandler {

  public DataMapperHandler() {
    super("data_mapper", NodeType.ACTION);
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    JsonNode mappings = data.get("mappings");
    if (mappings == null || !mappings.isObject()) {
      errors.add(
          new ValidationError(
              ConfigChecks.INVALID, path + ".mappings", "mappings must be an object"));
    }
    return errors;
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    return NodeOutcome.of(config.get("mappings").deepCopy());
  }
}

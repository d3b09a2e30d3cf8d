package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.model.condition.Comparison;
import io.flowd.model.condition.ConditionException;
import io.flowd.model.condition.Conditions;
import io.flowd.nodes.NodesConfig;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerProvider;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed conditions ({@code string_condition}, {@code number_condition}, {@code
 * boolean_condition}, {@code date_condition}, {@code array_condition}): {@code left operator
 * right}, output {@code {"result"}}, leaving by the {@code "true"} or {@code "false"} handle. A
 * value of the wrong type fails the node (not retried).
 */
public final class ConditionHandler extends HandlerBase implements PureNodeHandler {
  private final Comparison comparison;

  /**
   * Creates the handler of a typed condition component.
   *
   * @throws IllegalArgumentException when {@code componentId} is not a typed condition
   */
  public ConditionHandler(String componentId) {
    super(componentId, NodeType.CONDITION);
    this.comparison =
        Comparison.forComponent(componentId)
            .orElseThrow(() -> new IllegalArgumentException("not a condition: " + componentId));
  }

  /** Registers one handler per typed condition of {@link Conditions#components()}. */
  public static final class Provider implements NodeHandlerProvider {
    @Override
    public List<NodeHandler> handlers(NodesConfig config) {
      List<NodeHandler> handlers = new ArrayList<>();
      for (String componentId : Conditions.components()) {
        handlers.add(new ConditionHandler(componentId));
      }
      return handlers;
    }
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
    ConditionChecks.typed(comparison, data, path, errors);
    return errors;
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    boolean result = test(comparison, config);
    return new NodeOutcome(Json.object().put("result", result), Boolean.toString(result));
  }

  /** Evaluates a rendered {@code left operator right} config, failing the node on bad values. */
  static boolean test(Comparison comparison, JsonNode config) {
    try {
      return comparison.evaluate(
          config.path("operator").asText(null), config.get("left"), config.get("right"));
    } catch (ConditionException e) {
      throw new NodeFailure("condition_error", e.getMessage(), false);
    }
  }
}

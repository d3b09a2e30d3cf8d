package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.model.condition.Comparison;
import io.flowd.model.condition.ConditionException;
import io.flowd.model.template.Templates;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code switch_condition}: compares {@code value} with each of {@code cases} ({@code {"handle",
 * "operator", "right"}}) in order and leaves by the handle of the first case that holds, else by
 * {@code "default"}; output {@code {"handle"}}. The operator says how the values are read (see
 * {@link Comparison#dynamic()}).
 */
public final class SwitchConditionHandler extends HandlerBase implements PureNodeHandler {
  /** The handle taken when no case holds. */
  public static final String DEFAULT = "default";

  private static final List<String> RESERVED = List.of(DEFAULT, "error");
  private static final Comparison COMPARISON = Comparison.dynamic();

  public SwitchConditionHandler() {
    super("switch_condition", NodeType.CONDITION);
  }

  @Override
  public String handleFromOutput(JsonNode output) {
    JsonNode handle = output == null ? null : output.get("handle");
    return handle != null && handle.isTextual() ? handle.textValue() : null;
  }

  @Override
  public List<String> outputHandles(ObjectNode data) {
    List<String> handles = new ArrayList<>();
    JsonNode cases = data.get("cases");
    if (cases != null && cases.isArray()) {
      for (JsonNode c : cases) {
        String handle = c.path("handle").asText("");
        if (validHandle(c.path("handle")) && !handles.contains(handle)) {
          handles.add(handle);
        }
      }
    }
    handles.add(DEFAULT);
    return handles;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    if (!data.has("value")) {
      errors.add(new ValidationError(ConfigChecks.INVALID, path + ".value", "value is required"));
    }
    JsonNode cases = data.get("cases");
    if (cases == null || !cases.isArray() || cases.isEmpty()) {
      errors.add(
          new ValidationError(
              ConfigChecks.INVALID,
              path + ".cases",
              "cases must be a non-empty array of {\"handle\", \"operator\", \"right\"}"));
      return errors;
    }
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      String casePath = path + ".cases[" + i + "]";
      JsonNode c = cases.get(i);
      if (!c.isObject()) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID,
                casePath,
                "a case is an object {\"handle\", \"operator\", \"right\"}"));
        continue;
      }
      JsonNode handle = c.get("handle");
      if (!validHandle(handle)) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID,
                casePath + ".handle",
                "handle must be a non-empty string without templates, other than "
                    + String.join(" and ", RESERVED)));
      } else if (seen.contains(handle.textValue())) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID,
                casePath + ".handle",
                "handle '" + handle.textValue() + "' is used by an earlier case"));
      } else {
        seen.add(handle.textValue());
      }
      ConditionChecks.operands(
          COMPARISON, (ObjectNode) c, data.get("value"), path + ".value", casePath, errors);
    }
    return errors;
  }

  private static boolean validHandle(JsonNode handle) {
    return handle != null
        && handle.isTextual()
        && !handle.textValue().isBlank()
        && !RESERVED.contains(handle.textValue())
        && !Templates.containsTemplate(handle.textValue());
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    JsonNode value = config.get("value");
    JsonNode cases = config.path("cases");
    String chosen = DEFAULT;
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      boolean holds;
      try {
        holds = COMPARISON.evaluate(c.path("operator").asText(null), value, c.get("right"));
      } catch (ConditionException e) {
        throw new NodeFailure(
            "condition_error",
            "case " + i + " ('" + c.path("handle").asText() + "'): " + e.getMessage(),
            false);
      }
      if (holds) {
        chosen = c.path("handle").asText();
        break;
      }
    }
    return new NodeOutcome(Json.object().put("handle", chosen), chosen);
  }
}

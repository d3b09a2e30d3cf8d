package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.ConfigSchema;
import io.flowd.nodes.spi.ControlNodeHandler;
import io.flowd.nodes.spi.NodeFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wait_for_input}: the run waits (status {@code waiting}) until {@code POST
 * /workflows/runs/{runId}/input} delivers a payload for this node, which becomes its output. After
 * {@code wait_seconds} (default 7 days) without input the node fails. With {@code input_schema} (a
 * JSON Schema) a payload that breaks the schema is refused before it reaches the run.
 */
public final class WaitForInputHandler implements ControlNodeHandler {
  /** The default wait: 7 days. */
  public static final long DEFAULT_WAIT_SECONDS = 7L * 86_400;

  private static final long MAX_WAIT_SECONDS = 365L * 86_400;

  @Override
  public String componentId() {
    return "wait_for_input";
  }

  @Override
  public NodeType type() {
    return NodeType.ACTION;
  }

  @Override
  public Kind kind() {
    return Kind.WAIT_FOR_INPUT;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    ConfigChecks.text(data, "prompt", false, path, errors);
    JsonNode schema = data.get("input_schema");
    if (schema != null && !schema.isNull()) {
      for (String problem : ConfigSchema.userSchemaProblems(schema)) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID, path + ".input_schema", "input_schema " + problem));
      }
    }
    JsonNode wait = data.get("wait_seconds");
    if (wait != null && !wait.isNull() && !ConfigChecks.isTemplate(wait) && problem(wait) != null) {
      errors.add(new ValidationError(ConfigChecks.INVALID, path + ".wait_seconds", problem(wait)));
    }
    return errors;
  }

  /**
   * Returns why {@code payload} may not answer a node configured with {@code config}: one {@code
   * invalid_input} error per place that breaks its {@code input_schema}, paths below {@code
   * payload}; empty when the node has no schema or the payload fits it.
   */
  public static List<ValidationError> inputProblems(JsonNode config, JsonNode payload) {
    JsonNode schema = config == null ? null : config.get("input_schema");
    if (schema == null || schema.isNull() || !ConfigSchema.userSchemaProblems(schema).isEmpty()) {
      return List.of();
    }
    return ConfigSchema.checkValue(schema, payload, "payload", "invalid_input");
  }

  /**
   * Returns how long to wait, from the rendered config.
   *
   * @throws NodeFailure when {@code wait_seconds} is not a valid number of seconds
   */
  public static Duration waitFor(ObjectNode config) {
    JsonNode wait = config.get("wait_seconds");
    if (wait == null || wait.isNull()) {
      return Duration.ofSeconds(DEFAULT_WAIT_SECONDS);
    }
    String problem = problem(wait);
    if (problem != null) {
      throw new NodeFailure("invalid_config", problem, false);
    }
    return Duration.ofMillis(Math.round(wait.asDouble() * 1000));
  }

  private static String problem(JsonNode wait) {
    if (!wait.isNumber() || wait.asDouble() <= 0 || wait.asDouble() > MAX_WAIT_SECONDS) {
      return "wait_seconds must be a number of seconds above 0 and at most one year";
    }
    return null;
  }
}

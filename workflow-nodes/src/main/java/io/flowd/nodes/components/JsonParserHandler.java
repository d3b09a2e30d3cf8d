package io.flowd.nodes.components;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
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
 * {@code json_parser}: parses {@code input}, a JSON text (usually a template such as {@code {{
 * node_2.body.payload }}}), and outputs the parsed value. Input that is not a string, or not JSON,
 * fails the node (not retried).
 */
public final class JsonParserHandler extends HandlerBase implements PureNodeHandler {

  public JsonParserHandler() {
    super("json_parser", NodeType.ACTION);
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    JsonNode input = data.get("input");
    if (input == null || input.isNull()) {
      errors.add(new ValidationError(ConfigChecks.INVALID, path + ".input", "input is required"));
    } else if (!ConditionChecks.hasTemplate(input)) {
      try {
        parse(input);
      } catch (NodeFailure failure) {
        errors.add(
            new ValidationError(ConfigChecks.INVALID, path + ".input", failure.getMessage()));
      }
    }
    return errors;
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    return NodeOutcome.of(parse(config.get("input")));
  }

  private static JsonNode parse(JsonNode input) {
    if (input == null || !input.isTextual()) {
      throw new NodeFailure(
          "invalid_input",
          "input must be a string of JSON text, got " + ConfigChecks.kind(input),
          false);
    }
    if (input.textValue().isBlank()) {
      throw new NodeFailure("invalid_json", "input is empty, not JSON", false);
    }
    try {
      return Json.parse(input.textValue());
    } catch (IllegalArgumentException e) {
      // The parser's message quotes the offending token, which may be part of a secret.
      throw new NodeFailure("invalid_json", "input is not valid JSON" + location(e), false);
    }
  }

  private static String location(IllegalArgumentException e) {
    if (e.getCause() instanceof JsonProcessingException parse && parse.getLocation() != null) {
      JsonLocation at = parse.getLocation();
      String duplicate =
          parse.getOriginalMessage().startsWith("Duplicate field") ? " (a key is repeated)" : "";
      return duplicate + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return "";
  }
}

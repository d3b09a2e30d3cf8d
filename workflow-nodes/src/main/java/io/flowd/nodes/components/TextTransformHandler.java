package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code text_transform}: renders {@code template} and outputs {@code {"text"}}. When the template
 * is one template alone and resolves to a non-string value, the text is that value's JSON ({@code
 * null} included), as for templates inside text.
 */
public final class TextTransformHandler extends HandlerBase implements PureNodeHandler {

  public TextTransformHandler() {
    super("text_transform", NodeType.ACTION);
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    JsonNode template = data.get("template");
    if (template == null || !template.isTextual()) {
      errors.add(
          new ValidationError(
              ConfigChecks.INVALID, path + ".template", "template is required and is a string"));
    }
    return errors;
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    JsonNode rendered = config.get("template");
    String text =
        rendered != null && rendered.isTextual()
            ? rendered.textValue()
            : Json.write(rendered == null || rendered.isMissingNode() ? null : rendered);
    return NodeOutcome.of(Json.object().put("text", text));
  }
}

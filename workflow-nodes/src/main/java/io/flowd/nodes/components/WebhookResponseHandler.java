package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.ActivityNodeHandler;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code webhook_response}: the answer to the webhook call that started the run, when its trigger
 * has {@code respond: "result"}. Its output is {@code {"status", "headers", "body"}} with templates
 * rendered; the webhook route sends it as soon as the node has run, and the run goes on. It runs as
 * an activity so that its log, which the route reads, is written at once.
 */
public final class WebhookResponseHandler extends HandlerBase implements ActivityNodeHandler {
  /** Headers the server sets itself, refused in {@code headers}. */
  static final Set<String> RESERVED_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "upgrade");

  public WebhookResponseHandler() {
    super("webhook_response", NodeType.ACTION);
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    JsonNode status = data.get("status");
    if (status != null
        && !status.isNull()
        && !ConfigChecks.isTemplate(status)
        && !(status.canConvertToInt() && validStatus(status.asInt()))) {
      errors.add(
          new ValidationError(
              ConfigChecks.INVALID,
              path + ".status",
              "status must be an HTTP status from 200 to 599 or a template"));
    }
    JsonNode headers = data.get("headers");
    if (headers != null && headers.isObject()) {
      for (Map.Entry<String, JsonNode> header : headers.properties()) {
        if (RESERVED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
          errors.add(
              new ValidationError(
                  ConfigChecks.INVALID,
                  path + ".headers." + header.getKey(),
                  header.getKey() + " is set by the server"));
        }
      }
    }
    return errors;
  }

  @Override
  public NodeOutcome execute(ObjectNode config, JsonNode input) {
    JsonNode statusNode = config.get("status");
    int status = 200;
    if (statusNode != null && !statusNode.isNull()) {
      String text = statusNode.asText().strip();
      if (!text.matches("[0-9]{3}") || !validStatus(Integer.parseInt(text))) {
        throw new NodeFailure(
            "invalid_status", "status rendered to " + statusNode + ", not an HTTP status", false);
      }
      status = Integer.parseInt(text);
    }
    ObjectNode headers = Json.object();
    JsonNode configured = config.get("headers");
    if (configured != null && configured.isObject()) {
      for (Map.Entry<String, JsonNode> header : configured.properties()) {
        JsonNode value = header.getValue();
        if (value == null || value.isNull()) {
          continue;
        }
        headers.put(header.getKey(), value.isTextual() ? value.asText() : Json.write(value));
      }
    }
    ObjectNode output = Json.object();
    output.put("status", status);
    output.set("headers", headers);
    output.set(
        "body",
        config.has("body")
            ? config.get("body")
            : com.fasterxml.jackson.databind.node.NullNode.getInstance());
    return NodeOutcome.of(output);
  }

  private static boolean validStatus(int status) {
    return status >= 200 && status <= 599;
  }
}

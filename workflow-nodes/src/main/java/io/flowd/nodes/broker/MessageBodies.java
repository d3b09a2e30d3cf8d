package io.flowd.nodes.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a publish node's rendered {@code body} and {@code headers} into bytes and strings. */
final class MessageBodies {
  private MessageBodies() {}

  /** Returns a string body as UTF-8, anything else as its JSON text, and no body as empty. */
  static byte[] bytes(JsonNode body) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      return new byte[0];
    }
    return (body.isTextual() ? body.textValue() : Json.write(body))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the content type: the configured one, else JSON for objects and arrays, else text. */
  static String contentType(ObjectNode config) {
    String configured = BrokerSettings.optional(config, "content_type");
    if (configured != null) {
      return configured;
    }
    JsonNode body = config.get("body");
    return body != null && body.isContainerNode() ? "application/json" : "text/plain";
  }

  /** Returns the configured headers, each value as text (JSON text for non-strings). */
  static Map<String, String> headers(ObjectNode config) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode headers = config.get("headers");
    if (headers != null && headers.isObject()) {
      headers
          .fields()
          .forEachRemaining(
              e ->
                  out.put(
                      e.getKey(),
                      e.getValue().isTextual()
                          ? e.getValue().textValue()
                          : e.getValue().toString()));
    }
    return out;
  }
}

package io.flowd.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Node;
import io.flowd.model.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * How a workflow's {@code webhook_trigger} node answers and whom it lets in: its {@code respond},
 * {@code respond_timeout_seconds}, {@code allow_get} and {@code cors_origins} (checked by the
 * component's schema when the workflow is saved).
 *
 * @param waitsForResult whether {@code respond} is {@code result}
 * @param respondTimeoutSeconds how long a {@code result} caller waits
 * @param allowGet whether GET calls start runs
 * @param corsOrigins the browser origins allowed, {@code *} for any; empty for none
 */
record WebhookSettings(
    boolean waitsForResult, int respondTimeoutSeconds, boolean allowGet, List<String> corsOrigins) {
  /** The default of {@code respond_timeout_seconds}. */
  static final int DEFAULT_TIMEOUT_SECONDS = 10;

  /** The longest {@code respond_timeout_seconds}. */
  static final int MAX_TIMEOUT_SECONDS = 30;

  /** Returns the settings of the workflow's first {@code webhook_trigger} node. */
  static WebhookSettings of(Workflow workflow) {
    JsonNode data = null;
    if (workflow.nodes() != null) {
      for (Node node : workflow.nodes()) {
        if ("webhook_trigger".equals(node.componentId())) {
          data = node.data();
          break;
        }
      }
    }
    if (data == null) {
      return new WebhookSettings(false, DEFAULT_TIMEOUT_SECONDS, false, List.of());
    }
    int timeout = data.path("respond_timeout_seconds").asInt(DEFAULT_TIMEOUT_SECONDS);
    List<String> origins = new ArrayList<>();
    data.path("cors_origins").forEach(origin -> origins.add(origin.asText()));
    return new WebhookSettings(
        "result".equals(data.path("respond").asText()),
        Math.max(1, Math.min(MAX_TIMEOUT_SECONDS, timeout)),
        data.path("allow_get").asBoolean(false),
        List.copyOf(origins));
  }

  /** Returns the value of {@code Access-Control-Allow-Origin} for {@code origin}, or null. */
  String allowedOrigin(String origin) {
    if (origin == null || corsOrigins.isEmpty()) {
      return null;
    }
    if (corsOrigins.contains("*")) {
      return "*";
    }
    for (String allowed : corsOrigins) {
      if (allowed.equalsIgnoreCase(origin)) {
        return origin;
      }
    }
    return null;
  }
}

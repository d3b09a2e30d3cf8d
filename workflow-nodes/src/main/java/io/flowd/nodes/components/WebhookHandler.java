package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.NodeSettings;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.NodesConfig;
import io.flowd.nodes.http.NetworkGuard;
import io.flowd.nodes.http.WebhookClient;
import io.flowd.nodes.spi.ActivityNodeHandler;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerProvider;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.vault.SecretMask;
import java.util.ArrayList;
import java.util.List;

/** {@code webhook}: an outgoing HTTP request; {@code timeout_seconds} is also the HTTP timeout. */
public final class WebhookHandler extends HandlerBase implements ActivityNodeHandler {
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

  private final WebhookClient client;

  public WebhookHandler(WebhookClient client) {
    super("webhook", NodeType.ACTION);
    this.client = client;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    ConfigChecks.text(data, "url", true, path, errors);
    JsonNode method = data.get("method");
    if (method != null
        && !method.isNull()
        && !(method.isTextual()
            && METHODS.contains(method.asText().toUpperCase(java.util.Locale.ROOT)))) {
      errors.add(
          new ValidationError(
              ConfigChecks.INVALID,
              path + ".method",
              "method must be one of " + String.join(", ", METHODS)));
    }
    JsonNode headers = data.get("headers");
    if (headers != null && !headers.isNull()) {
      if (!headers.isArray()) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID, path + ".headers", "headers must be an array"));
      } else {
        for (int i = 0; i < headers.size(); i++) {
          JsonNode header = headers.get(i);
          if (!header.isObject() || !header.path("key").isTextual()) {
            errors.add(
                new ValidationError(
                    ConfigChecks.INVALID,
                    path + ".headers[" + i + "]",
                    "a header is an object with a string key and a value"));
          }
        }
      }
    }
    ConfigChecks.bool(data, "fail_on_status", path, errors);
    return errors;
  }

  /** Registers the handler with the network policy of {@link NodesConfig}. */
  public static final class Provider implements NodeHandlerProvider {
    @Override
    public List<NodeHandler> handlers(NodesConfig config) {
      return List.of(
          new WebhookHandler(new WebhookClient(new NetworkGuard(config.allowPrivateNetworks()))));
    }
  }

  @Override
  public NodeOutcome execute(ObjectNode config, JsonNode input) {
    return execute(config, input, SecretMask.NONE);
  }

  @Override
  public NodeOutcome execute(ObjectNode config, JsonNode input, SecretMask secrets) {
    return NodeOutcome.of(client.call(config, NodeSettings.of(config).timeoutSeconds(), secrets));
  }
}

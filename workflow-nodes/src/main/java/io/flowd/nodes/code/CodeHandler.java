package io.flowd.nodes.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.NodesConfig;
import io.flowd.nodes.spi.ActivityNodeHandler;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeCall;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerProvider;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.vault.SecretMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code code}: runs the JavaScript function body {@code source} with {@code $} bound to the
 * template scope ({@code trigger}, {@code run}, {@code workflow}, earlier nodes by id); its output
 * is the returned JSON value and its {@code console} lines go to the node's log. It runs in the
 * node activity, on a runner of {@link CodeRunners}, within {@code timeout_seconds} (default 5, at
 * most 60) and the runner's memory limit.
 */
public final class CodeHandler extends HandlerBase implements ActivityNodeHandler {
  /** The default limit of one call, in seconds. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 5;

  /** The longest limit of one call, in seconds. */
  public static final int MAX_TIMEOUT_SECONDS = 60;

  /** The longest source, in characters. */
  public static final int MAX_SOURCE_CHARS = 100_000;

  private static final String INVALID = "invalid_config";

  private final CodeRunners runners;

  /** Creates the handler running scripts on {@code runners}. */
  public CodeHandler(CodeRunners runners) {
    super("code", NodeType.ACTION);
    this.runners = runners;
  }

  /** Registers the handler with the process's shared runner pool of {@link NodesConfig}. */
  public static final class Provider implements NodeHandlerProvider {
    @Override
    public List<NodeHandler> handlers(NodesConfig config) {
      return List.of(
          new CodeHandler(
              CodeRunners.shared(
                  new CodeRunners.Settings(config.codeRunners(), config.codeRunnerHeapMb()))));
    }
  }

  /** Returns the pool this handler runs scripts on. */
  public CodeRunners runners() {
    return runners;
  }

  @Override
  public boolean readsWholeScope() {
    return true;
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    JsonNode source = data.get("source");
    if (source == null || source.isNull()) {
      errors.add(new ValidationError(INVALID, path + ".source", "source is required"));
    } else if (!source.isTextual() || source.asText().isBlank()) {
      errors.add(
          new ValidationError(INVALID, path + ".source", "source must be a non-empty string"));
    } else if (source.asText().length() > MAX_SOURCE_CHARS) {
      errors.add(
          new ValidationError(
              INVALID,
              path + ".source",
              "source may be at most " + MAX_SOURCE_CHARS + " characters long"));
    } else if (source.asText().contains("{{")) {
      errors.add(
          new ValidationError(
              INVALID,
              path + ".source",
              "source is JavaScript, not a template: read values from $ (such as"
                  + " $.trigger.id) instead of {{ }}"));
    }
    JsonNode timeout = data.get("timeout_seconds");
    if (timeout != null
        && timeout.isNumber()
        && (timeout.asDouble() > MAX_TIMEOUT_SECONDS || timeout.asDouble() < 1)) {
      errors.add(
          new ValidationError(
              INVALID,
              path + ".timeout_seconds",
              "timeout_seconds of a code node must be between 1 and " + MAX_TIMEOUT_SECONDS));
    }
    return errors;
  }

  @Override
  public NodeOutcome execute(ObjectNode config, JsonNode input) {
    return execute(config, input, SecretMask.NONE, null, Map.of());
  }

  @Override
  public NodeOutcome execute(
      ObjectNode config,
      JsonNode input,
      SecretMask secrets,
      NodeCall call,
      Map<String, JsonNode> scope) {
    ObjectNode dollar = Json.object();
    scope.forEach(
        (root, value) -> {
          if (!"vault".equals(root) && value != null) {
            dollar.set(root, value);
          }
        });
    JsonNode timeout = config.get("timeout_seconds");
    int seconds =
        timeout != null && timeout.isNumber()
            ? Math.min(Math.max(timeout.asInt(), 1), MAX_TIMEOUT_SECONDS)
            : DEFAULT_TIMEOUT_SECONDS;
    CodeRunners.Answer answer =
        runners.run(config.path("source").asText(""), dollar, seconds * 1000L);
    if (answer.ok()) {
      return new NodeOutcome(answer.result(), null, answer.console());
    }
    ObjectNode details = null;
    if (!answer.console().isEmpty()) {
      details = Json.object();
      answer.console().forEach(details.putArray("console")::add);
    }
    throw new NodeFailure(
        answer.errorType(), answer.errorMessage(), retryable(answer.errorType()), details);
  }

  /** A timeout or a lost runner may pass on another attempt; the script's own errors cannot. */
  private static boolean retryable(String type) {
    return switch (type) {
      case "timeout", "runner_failed", "runner_unavailable" -> true;
      default -> false;
    };
  }
}

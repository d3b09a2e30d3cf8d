package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.TimerNodeHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code delay}: a durable timer of {@code duration} {@code unit}s, up to one year. */
public final class DelayHandler extends HandlerBase implements TimerNodeHandler {
  private static final Map<String, Long> UNIT_SECONDS =
      Map.of("seconds", 1L, "minutes", 60L, "hours", 3_600L, "days", 86_400L);
  private static final List<String> UNITS = List.of("seconds", "minutes", "hours", "days");
  private static final long MAX_SECONDS = 365L * 86_400L;

  public DelayHandler() {
    super("delay", NodeType.ACTION);
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    ConfigChecks.oneOf(data, "unit", UNITS, false, path, errors);
    JsonNode duration = data.get("duration");
    if (duration == null || duration.isNull()) {
      errors.add(
          new ValidationError(ConfigChecks.INVALID, path + ".duration", "duration is required"));
    } else if (!ConfigChecks.isTemplate(duration)) {
      String problem = problem(duration, unit(data));
      if (problem != null) {
        errors.add(new ValidationError(ConfigChecks.INVALID, path + ".duration", problem));
      }
    }
    return errors;
  }

  @Override
  public Duration duration(ObjectNode config) {
    JsonNode duration = config.get("duration");
    String unit = unit(config);
    String problem = problem(duration, unit);
    if (problem != null) {
      throw new NodeFailure("invalid_config", problem, false);
    }
    double seconds = number(duration) * UNIT_SECONDS.get(unit);
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  @Override
  public JsonNode output(Duration waited) {
    return Json.object().put("waited_seconds", waited.toMillis() / 1000.0);
  }

  private static String unit(JsonNode config) {
    JsonNode unit = config.get("unit");
    return unit == null || unit.isNull() ? "seconds" : unit.asText();
  }

  private static String problem(JsonNode duration, String unit) {
    if (!UNIT_SECONDS.containsKey(unit)) {
      return "unit must be one of " + String.join(", ", UNITS);
    }
    double value = number(duration);
    if (Double.isNaN(value) || value < 0) {
      return "duration must be a number of " + unit + " of at least 0";
    }
    if (value * UNIT_SECONDS.get(unit) > MAX_SECONDS) {
      return "duration must be at most one year";
    }
    return null;
  }

  private static double number(JsonNode duration) {
    if (duration != null && duration.isNumber()) {
      return duration.asDouble();
    }
    if (duration != null && duration.isTextual()) {
      try {
        return Double.parseDouble(duration.asText().trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }
}

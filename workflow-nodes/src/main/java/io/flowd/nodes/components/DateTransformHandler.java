package io.flowd.nodes.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.model.time.Dates;
import io.flowd.nodes.spi.HandlerBase;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.nodes.spi.PureNodeHandler;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code date_transform}: reads {@code input} as a date-time (see {@link Dates}; values without an
 * offset are taken in {@code timezone}), then formats it ({@code operation: "format"}) or moves it
 * by {@code amount} {@code unit}s ({@code add}, {@code subtract}) and outputs {@code {"result"}}.
 *
 * <p>{@code timezone} is an IANA zone such as {@code Europe/Berlin} or an offset (default {@code
 * UTC}); the result is shown in it. {@code seconds}, {@code minutes} and {@code hours} are exact
 * durations; {@code days}, {@code weeks}, {@code months} and {@code years} move the calendar date
 * in that zone and keep the wall-clock time across DST changes (a time that falls into a gap moves
 * forward by the gap), and a day that does not exist in the target month becomes its last day
 * (2024-02-29 plus one year is 2025-02-28). {@code format} is a {@link DateTimeFormatter} pattern
 * (English names), or {@code iso} (the default: ISO-8601 with offset), {@code epoch_millis} or
 * {@code epoch_seconds} (both numbers). No clock is read: the node is deterministic.
 */
public final class DateTransformHandler extends HandlerBase implements PureNodeHandler {
  private static final List<String> OPERATIONS = List.of("format", "add", "subtract");
  private static final List<String> UNITS =
      List.of("seconds", "minutes", "hours", "days", "weeks", "months", "years");
  private static final List<String> NAMED_FORMATS = List.of("iso", "epoch_millis", "epoch_seconds");
  private static final int MAX_FORMAT_LENGTH = 200;

  public DateTransformHandler() {
    super("date_transform", NodeType.ACTION);
  }

  @Override
  public List<ValidationError> validateConfig(ObjectNode data, String path) {
    List<ValidationError> errors = new ArrayList<>();
    JsonNode input = data.get("input");
    if (input == null || input.isNull()) {
      errors.add(new ValidationError(ConfigChecks.INVALID, path + ".input", "input is required"));
    } else if (!ConditionChecks.hasTemplate(input) && Dates.parse(input, ZoneOffset.UTC) == null) {
      errors.add(
          new ValidationError(
              ConfigChecks.INVALID,
              path + ".input",
              "input must be an ISO-8601 date or date-time, or epoch milliseconds"));
    }
    ConfigChecks.oneOf(data, "operation", OPERATIONS, true, path, errors);
    String operation = data.path("operation").asText("");
    if (operation.equals("add") || operation.equals("subtract")) {
      JsonNode amount = data.get("amount");
      if (amount == null || amount.isNull()) {
        errors.add(
            new ValidationError(
                ConfigChecks.INVALID, path + ".amount", "amount is required for " + operation));
      } else if (!ConditionChecks.hasTemplate(amount)) {
        problem(() -> amount(amount), path + ".amount", errors);
      }
      if (!ConditionChecks.hasTemplate(data.path("unit"))) {
        ConfigChecks.oneOf(data, "unit", UNITS, true, path, errors);
      }
    }
    checkLiteral(data, "format", () -> formatter(data.get("format")), path, errors);
    checkLiteral(data, "timezone", () -> zone(data.get("timezone")), path, errors);
    return errors;
  }

  private static void checkLiteral(
      ObjectNode data, String field, Runnable check, String path, List<ValidationError> errors) {
    JsonNode value = data.get(field);
    if (value != null && !value.isNull() && !ConditionChecks.hasTemplate(value)) {
      problem(check, path + "." + field, errors);
    }
  }

  private static void problem(Runnable check, String path, List<ValidationError> errors) {
    try {
      check.run();
    } catch (NodeFailure failure) {
      errors.add(new ValidationError(ConfigChecks.INVALID, path, failure.getMessage()));
    }
  }

  @Override
  public NodeOutcome evaluate(ObjectNode config, JsonNode input) {
    ZoneId zone = zone(config.get("timezone"));
    ZonedDateTime date = Dates.parse(config.get("input"), zone);
    if (date == null) {
      throw new NodeFailure(
          "invalid_date",
          "input must be an ISO-8601 date or date-time, or epoch milliseconds, got "
              + Json.write(config.get("input")),
          false);
    }
    JsonNode format = config.get("format");
    String namedFormat = format == null || format.isNull() ? "iso" : format.asText();
    DateTimeFormatter pattern = NAMED_FORMATS.contains(namedFormat) ? null : formatter(format);
    try {
      date = date.withZoneSameInstant(zone);
      String operation = config.path("operation").asText();
      if (!operation.equals("format")) {
        long amount = amount(config.get("amount"));
        date = move(date, operation.equals("add") ? amount : Math.negateExact(amount), config);
      }
      ObjectNode output = Json.object();
      switch (namedFormat) {
        case "epoch_millis" -> output.put("result", date.toInstant().toEpochMilli());
        case "epoch_seconds" -> output.put("result", date.toEpochSecond());
        case "iso" -> output.put("result", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(date));
        default -> output.put("result", pattern.format(date));
      }
      return NodeOutcome.of(output);
    } catch (DateTimeException | ArithmeticException e) {
      throw new NodeFailure("invalid_date", "date cannot be computed: " + e.getMessage(), false);
    }
  }

  private static ZonedDateTime move(ZonedDateTime date, long amount, JsonNode config) {
    String unit = config.path("unit").asText();
    return switch (unit) {
      case "seconds" -> date.plusSeconds(amount);
      case "minutes" -> date.plusMinutes(amount);
      case "hours" -> date.plusHours(amount);
      case "days" -> date.plusDays(amount);
      case "weeks" -> date.plusWeeks(amount);
      case "months" -> date.plusMonths(amount);
      case "years" -> date.plusYears(amount);
      default ->
          throw new NodeFailure(
              "invalid_config", "unit must be one of " + String.join(", ", UNITS), false);
    };
  }

  private static long amount(JsonNode value) {
    BigDecimal number = null;
    if (value != null && value.isNumber() && Double.isFinite(value.doubleValue())) {
      number = value.decimalValue();
    } else if (value != null && value.isTextual() && value.textValue().strip().length() <= 30) {
      try {
        number = new BigDecimal(value.textValue().strip());
      } catch (NumberFormatException e) {
        number = null;
      }
    }
    try {
      if (number != null) {
        return number.longValueExact();
      }
    } catch (ArithmeticException e) {
      // Reported below.
    }
    throw new NodeFailure(
        "invalid_config", "amount must be a whole number, got " + Json.write(value), false);
  }

  private static ZoneId zone(JsonNode value) {
    if (value == null || value.isNull()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(value.asText().strip());
    } catch (DateTimeException e) {
      throw new NodeFailure(
          "invalid_config",
          "timezone must be an IANA zone such as Europe/Berlin or an offset such as +02:00, got "
              + Json.write(value),
          false);
    }
  }

  private static DateTimeFormatter formatter(JsonNode value) {
    if (value == null || value.isNull() || NAMED_FORMATS.contains(value.asText())) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    }
    String pattern = value.isTextual() ? value.textValue() : "";
    if (pattern.isEmpty() || pattern.length() > MAX_FORMAT_LENGTH) {
      throw new NodeFailure(
          "invalid_config",
          "format must be iso, epoch_millis, epoch_seconds or a date pattern of 1 to "
              + MAX_FORMAT_LENGTH
              + " characters",
          false);
    }
    try {
      return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
    } catch (IllegalArgumentException e) {
      throw new NodeFailure(
          "invalid_config", "format is not a valid date pattern: " + e.getMessage(), false);
    }
  }
}

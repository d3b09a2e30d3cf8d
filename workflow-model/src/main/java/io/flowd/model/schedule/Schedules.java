package io.flowd.model.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.flowd.model.ValidationError;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract's workflow schedules: {@code manual}, {@code cron} (a 5-field Unix cron evaluated in
 * the workflow's IANA time zone) and {@code interval} ({@code "<n> seconds|minutes|hours|days"},
 * singular accepted, from 10 seconds to one year).
 */
public final class Schedules {
  /** A workflow that only runs when asked. */
  public static final String MANUAL = "manual";

  /** A workflow that runs at the fire times of a cron expression. */
  public static final String CRON = "cron";

  /** A workflow that runs every fixed interval. */
  public static final String INTERVAL = "interval";

  /** The schedule types, in the contract's order. */
  public static final List<String> TYPES = List.of(MANUAL, CRON, INTERVAL);

  /** The time zone used when a workflow names none. */
  public static final String DEFAULT_ZONE = "UTC";

  /** The shortest interval accepted. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  /** The longest interval accepted: one year of 365 days. */
  public static final Duration MAX_INTERVAL = Duration.ofSeconds(31_536_000L);

  /** Longest schedule value accepted, in characters. */
  public static final int MAX_VALUE_LENGTH = 200;

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private static final Pattern INTERVAL_PATTERN =
      Pattern.compile("(\\d{1,15}) +(second|minute|hour|day)s?", Pattern.CASE_INSENSITIVE);

  private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*/,\\-]+");

  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  private Schedules() {}

  /**
   * Returns what is wrong with a schedule, or empty when it is valid. A {@code null} type means
   * {@code manual} and a {@code null} zone means {@code UTC}.
   */
  public static Optional<String> problem(String type, String value, String zone) {
    List<ValidationError> errors = check(type, value, zone);
    return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(0).message());
  }

  /**
   * Returns every problem of a schedule as {@code invalid_schedule} errors with the paths {@code
   * schedule_type}, {@code schedule_value} or {@code schedule_timezone}; an empty list means the
   * schedule is valid. A {@code null} type means {@code manual} and a {@code null} zone means
   * {@code UTC}.
   */
  public static List<ValidationError> check(String type, String value, String zone) {
    List<ValidationError> errors = new ArrayList<>();
    String kind = type == null ? MANUAL : type;
    if (!TYPES.contains(kind)) {
      errors.add(
          new ValidationError(
              "invalid_schedule",
              "schedule_type",
              "schedule_type must be manual, cron or interval, got '" + type + "'"));
    } else if (kind.equals(MANUAL)) {
      if (value != null) {
        errors.add(
            new ValidationError(
                "invalid_schedule",
                "schedule_value",
                "schedule_value must be null when schedule_type is manual"));
      }
    } else if (value == null) {
      errors.add(
          new ValidationError(
              "invalid_schedule",
              "schedule_value",
              "schedule_value is required when schedule_type is " + kind));
    } else if (value.length() > MAX_VALUE_LENGTH) {
      errors.add(
          new ValidationError(
              "invalid_schedule",
              "schedule_value",
              "schedule_value must be at most " + MAX_VALUE_LENGTH + " characters"));
    } else {
      String problem = kind.equals(CRON) ? cronProblem(value) : intervalProblem(value);
      if (problem != null) {
        errors.add(new ValidationError("invalid_schedule", "schedule_value", problem));
      }
    }
    if (zone != null && !isValidZone(zone)) {
      errors.add(
          new ValidationError(
              "invalid_schedule",
              "schedule_timezone",
              "schedule_timezone must be an IANA time zone such as Europe/Berlin, got '"
                  + (zone.length() > 64 ? zone.substring(0, 64) + "…" : zone)
                  + "'"));
    }
    return errors;
  }

  /**
   * Returns whether {@code zone} is an IANA time zone id known to this JVM, such as {@code UTC}.
   */
  public static boolean isValidZone(String zone) {
    return zone != null && ZONES.contains(zone);
  }

  /**
   * Returns the length of an interval value such as {@code "15 minutes"}.
   *
   * @throws IllegalArgumentException when the value is not a valid interval
   */
  public static Duration interval(String value) {
    String problem = intervalProblem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return parseInterval(value);
  }

  /**
   * Returns the first fire time strictly after {@code after}: for {@code cron} the next matching
   * minute in {@code zone} (daylight saving time handled through {@link ZonedDateTime}), for {@code
   * interval} {@code after} plus the interval, and {@code null} for {@code manual} or a cron that
   * never fires again.
   *
   * @throws IllegalArgumentException when the schedule is not valid
   */
  public static Instant nextFireAfter(String type, String value, String zone, Instant after) {
    Optional<String> problem = problem(type, value, zone);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    if (type == null || type.equals(MANUAL)) {
      return null;
    }
    if (type.equals(INTERVAL)) {
      return after.plus(parseInterval(value));
    }
    ZoneId zoneId = ZoneId.of(zone == null ? DEFAULT_ZONE : zone);
    Cron cron = PARSER.parse(value.strip());
    return ExecutionTime.forCron(cron)
        .nextExecution(ZonedDateTime.ofInstant(after, zoneId))
        .map(ZonedDateTime::toInstant)
        .orElse(null);
  }

  private static final List<String> CRON_FIELD_NAMES =
      List.of("minute", "hour", "day-of-month", "month", "day-of-week");

  /** Returns every bad field of a cron in one message, or {@code null} when the cron is valid. */
  private static String cronProblem(String value) {
    String[] fields = value.strip().split("\\s+");
    if (value.isBlank() || fields.length != 5) {
      return "cron must have 5 fields (minute hour day-of-month month day-of-week), got '"
          + value
          + "'";
    }
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < fields.length; i++) {
      String reason = cronFieldProblem(fields, i);
      if (reason != null) {
        bad.add(CRON_FIELD_NAMES.get(i) + " '" + fields[i] + "' " + reason);
      }
    }
    if (!bad.isEmpty()) {
      return "cron '" + value + "' is not valid: " + String.join("; ", bad);
    }
    try {
      PARSER.parse(value.strip()).validate();
      return null;
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? "not a valid cron" : e.getMessage();
      return "cron '" + value + "' is not valid: " + reason;
    }
  }

  /** Checks field {@code i} alone (the others {@code *}); returns why it is bad, or null. */
  private static String cronFieldProblem(String[] fields, int i) {
    if (!CRON_FIELD.matcher(fields[i]).matches()) {
      return "has characters a cron field cannot hold";
    }
    String[] alone = {"*", "*", "*", "*", "*"};
    alone[i] = fields[i];
    try {
      PARSER.parse(String.join(" ", alone)).validate();
      return null;
    } catch (RuntimeException e) {
      return e.getMessage() == null ? "is not valid" : "is not valid (" + e.getMessage() + ")";
    }
  }

  private static String intervalProblem(String value) {
    Duration duration = parseInterval(value);
    if (duration == null) {
      return "interval must look like '<n> seconds|minutes|hours|days', got '" + value + "'";
    }
    if (duration.compareTo(MIN_INTERVAL) < 0) {
      return "interval must be at least 10 seconds, got '" + value + "'";
    }
    if (duration.compareTo(MAX_INTERVAL) > 0) {
      return "interval must be at most one year (365 days), got '" + value + "'";
    }
    return null;
  }

  private static Duration parseInterval(String value) {
    Matcher m = INTERVAL_PATTERN.matcher(value.strip());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    long unitSeconds =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "second" -> 1;
          case "minute" -> 60;
          case "hour" -> 3600;
          default -> 86_400;
        };
    if (n > MAX_INTERVAL.getSeconds()) {
      return MAX_INTERVAL.plusSeconds(1);
    }
    return Duration.ofSeconds(n * unitSeconds);
  }
}

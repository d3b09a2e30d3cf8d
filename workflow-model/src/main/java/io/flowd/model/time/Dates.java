package io.flowd.model.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

/**
 * Reads the date and time values that conditions and {@code date_transform} accept: RFC 3339 /
 * ISO-8601 date-times with an offset (optionally followed by a {@code [Region/City]} zone), ISO
 * local date-times and dates (a space may stand for the {@code T}), taken in a given zone, and
 * epoch milliseconds as a JSON integer or a string of digits. Parsing is strict: {@code 2025-02-29}
 * is not a date.
 */
public final class Dates {
  private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");
  private static final Pattern SPACED = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d.*");

  private Dates() {}

  /**
   * Returns the date-time {@code value} denotes, with values without an offset taken in {@code
   * zone}, or {@code null} when it is not such a value.
   */
  public static ZonedDateTime parse(JsonNode value, ZoneId zone) {
    if (value == null) {
      return null;
    }
    try {
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        return Instant.ofEpochMilli(value.longValue()).atZone(zone);
      }
      if (value.isTextual()) {
        return parse(value.textValue(), zone);
      }
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
    return null;
  }

  private static ZonedDateTime parse(String text, ZoneId zone) {
    String s = text.strip();
    if (s.length() > 100) {
      return null;
    }
    if (SPACED.matcher(s).matches()) {
      s = s.replaceFirst(" ", "T");
    }
    try {
      return ZonedDateTime.parse(s);
    } catch (DateTimeException e) {
      // Try the next format.
    }
    try {
      return LocalDateTime.parse(s).atZone(zone);
    } catch (DateTimeException e) {
      // Try the next format.
    }
    try {
      return LocalDate.parse(s).atStartOfDay(zone);
    } catch (DateTimeException e) {
      // Try the next format.
    }
    if (EPOCH_MILLIS.matcher(s).matches()) {
      return Instant.ofEpochMilli(Long.parseLong(s)).atZone(zone);
    }
    return null;
  }
}

package io.flowd.model.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.model.Json;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DatesTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void local_values_are_taken_in_the_given_zone() {
    assertThat(Dates.parse(Json.parse("\"2026-07-01T12:00:00\""), NEW_YORK).toInstant())
        .hasToString("2026-07-01T16:00:00Z");
    assertThat(Dates.parse(Json.parse("\"2026-01-01\""), NEW_YORK).toInstant())
        .hasToString("2026-01-01T05:00:00Z");
  }

  @Test
  void values_with_an_offset_keep_their_instant() {
    assertThat(Dates.parse(Json.parse("\"2026-07-01T12:00:00+02:00\""), NEW_YORK).toInstant())
        .hasToString("2026-07-01T10:00:00Z");
  }

  @Test
  void epoch_millis_as_number_or_digits() {
    assertThat(Dates.parse(Json.parse("86400000"), ZoneOffset.UTC).toInstant())
        .hasToString("1970-01-02T00:00:00Z");
    assertThat(Dates.parse(Json.parse("\"86400000\""), ZoneOffset.UTC).toInstant())
        .hasToString("1970-01-02T00:00:00Z");
  }

  @Test
  void non_dates_are_null() {
    assertThat(Dates.parse(Json.parse("\"2025-02-29\""), ZoneOffset.UTC)).isNull();
    assertThat(Dates.parse(Json.parse("\"tomorrow\""), ZoneOffset.UTC)).isNull();
    assertThat(Dates.parse(Json.parse("true"), ZoneOffset.UTC)).isNull();
    assertThat(Dates.parse(Json.parse("1.5"), ZoneOffset.UTC)).isNull();
    assertThat(Dates.parse(null, ZoneOffset.UTC)).isNull();
  }

  @Test
  void leap_day_parses_in_a_leap_year() {
    assertThat(Dates.parse(Json.parse("\"2024-02-29\""), ZoneOffset.UTC)).isNotNull();
  }
}

package io.flowd.model.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.model.ValidationError;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 9 * * *",
        "*/15 * * * *",
        "0 9-17 * * MON-FRI",
        "0,30 8 1,15 JAN,JUL *",
        "5 4 * * sun",
        "0 0 1 */3 *",
        "59 23 31 12 7",
        "  0 9 * * 1-5  "
      })
  void standard_cron_expressions_are_valid(String cron) {
    assertThat(Schedules.problem("cron", cron, "UTC")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "* * * *",
        "0 0 9 * * *",
        "60 * * * *",
        "* 24 * * *",
        "* * 32 * *",
        "* * * 13 *",
        "* * * * 8",
        "* * * * FUNDAY",
        "a b c d e",
        "*/0 * * * *",
        "0 9 * * ? ",
        "@daily"
      })
  void malformed_cron_expressions_are_rejected(String cron) {
    assertThat(Schedules.problem("cron", cron, "UTC")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"10 seconds", "1 minute", "15 minutes", "2 hours", "1 day", "365 days", "5 Hours"})
  void intervals_in_range_are_valid(String interval) {
    assertThat(Schedules.problem("interval", interval, null)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9 seconds",
        "0 minutes",
        "366 days",
        "15",
        "minutes",
        "15 fortnights",
        "-5 minutes",
        "1.5 hours",
        "999999999999999 days"
      })
  void intervals_out_of_range_or_malformed_are_rejected(String interval) {
    assertThat(Schedules.problem("interval", interval, null)).isPresent();
  }

  @Test
  void interval_parses_to_a_duration() {
    assertThat(Schedules.interval("15 minutes")).isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> Schedules.interval("5 seconds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10 seconds");
  }

  @Test
  void manual_must_not_have_a_value_and_others_need_one() {
    assertThat(Schedules.check("manual", null, "UTC")).isEmpty();
    assertThat(Schedules.check("manual", "0 9 * * *", "UTC"))
        .extracting(ValidationError::path)
        .containsExactly("schedule_value");
    assertThat(Schedules.check("cron", null, "UTC"))
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid_schedule", "schedule_value"));
  }

  @Test
  void unknown_type_and_zone_are_reported_with_their_paths() {
    assertThat(Schedules.check("hourly", null, "Mars/Olympus"))
        .extracting(ValidationError::path)
        .containsExactly("schedule_type", "schedule_timezone");
    assertThat(Schedules.check("cron", "0 9 * * *", "+02:00"))
        .extracting(ValidationError::path)
        .containsExactly("schedule_timezone");
    assertThat(Schedules.isValidZone("Europe/Berlin")).isTrue();
  }

  @Test
  void next_cron_fire_follows_the_zone_across_daylight_saving() {
    Instant beforeSwitch = Instant.parse("2026-03-28T12:00:00Z");
    Instant first = Schedules.nextFireAfter("cron", "0 9 * * *", "Europe/Berlin", beforeSwitch);
    assertThat(first).isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));
    Instant second = Schedules.nextFireAfter("cron", "0 9 * * *", "Europe/Berlin", first);
    assertThat(second).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
    Instant winter =
        Schedules.nextFireAfter(
            "cron", "0 9 * * *", "Europe/Berlin", beforeSwitch.minus(Duration.ofDays(10)));
    assertThat(winter).isEqualTo(Instant.parse("2026-03-19T08:00:00Z"));
  }

  @Test
  void next_fire_is_strictly_after_the_given_instant() {
    Instant at = Instant.parse("2026-01-01T09:00:00Z");
    assertThat(Schedules.nextFireAfter("cron", "0 9 * * *", "UTC", at))
        .isEqualTo(Instant.parse("2026-01-02T09:00:00Z"));
  }

  @Test
  void next_interval_fire_adds_the_interval_and_manual_has_none() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(Schedules.nextFireAfter("interval", "15 minutes", "UTC", at))
        .isEqualTo(Instant.parse("2026-01-01T00:15:00Z"));
    assertThat(Schedules.nextFireAfter("manual", null, "UTC", at)).isNull();
    assertThatThrownBy(() -> Schedules.nextFireAfter("cron", "nope", "UTC", at))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void day_of_month_and_day_of_week_together_fire_on_either_as_in_unix_cron() {
    Instant thursday = Instant.parse("2026-02-05T12:00:00Z");
    assertThat(Schedules.nextFireAfter("cron", "0 0 13 * FRI", "UTC", thursday))
        .isEqualTo(Instant.parse("2026-02-06T00:00:00Z"));
  }
}

package io.flowd.nodes.components;

import static io.flowd.nodes.components.Configs.data;
import static io.flowd.nodes.components.Configs.paths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.nodes.spi.NodeFailure;
import org.junit.jupiter.api.Test;

class DateTransformHandlerTest {
  private static final DateTransformHandler DATES = new DateTransformHandler();

  private static JsonNode result(String config) {
    return DATES.evaluate(data(config), null).output().get("result");
  }

  private static String move(String input, String operation, int amount, String unit, String zone) {
    return result(
            "{\"input\":\""
                + input
                + "\",\"operation\":\""
                + operation
                + "\",\"amount\":"
                + amount
                + ",\"unit\":\""
                + unit
                + "\",\"timezone\":\""
                + zone
                + "\"}")
        .asText();
  }

  @Test
  void format_defaults_to_iso_in_utc() {
    assertThat(
            result("{\"input\":\"2026-07-01T12:00:00+02:00\",\"operation\":\"format\"}").asText())
        .isEqualTo("2026-07-01T10:00:00Z");
  }

  @Test
  void format_with_a_pattern_in_a_zone() {
    assertThat(
            result(
                    "{\"input\":\"2026-07-01T10:00:00Z\",\"operation\":\"format\","
                        + "\"format\":\"EEEE d MMMM uuuu, HH:mm z\",\"timezone\":\"Europe/Berlin\"}")
                .asText())
        .isEqualTo("Wednesday 1 July 2026, 12:00 CEST");
  }

  @Test
  void format_as_epoch_numbers() {
    assertThat(
            result(
                    "{\"input\":\"1970-01-02\",\"operation\":\"format\","
                        + "\"format\":\"epoch_millis\"}")
                .asLong())
        .isEqualTo(86_400_000L);
    assertThat(
            result("{\"input\":86400000,\"operation\":\"format\",\"format\":\"epoch_seconds\"}")
                .asLong())
        .isEqualTo(86_400L);
  }

  @Test
  void adding_a_day_across_spring_forward_keeps_the_wall_clock_time() {
    assertThat(move("2026-03-07T12:00:00", "add", 1, "days", "America/New_York"))
        .isEqualTo("2026-03-08T12:00:00-04:00");
  }

  @Test
  void adding_hours_across_spring_forward_is_exact_elapsed_time() {
    assertThat(move("2026-03-08T01:30:00", "add", 1, "hours", "America/New_York"))
        .isEqualTo("2026-03-08T03:30:00-04:00");
    assertThat(move("2026-03-08T00:00:00", "add", 24, "hours", "America/New_York"))
        .isEqualTo("2026-03-09T01:00:00-04:00");
  }

  @Test
  void a_day_landing_in_the_dst_gap_moves_forward_by_the_gap() {
    assertThat(move("2026-03-07T02:30:00", "add", 1, "days", "America/New_York"))
        .isEqualTo("2026-03-08T03:30:00-04:00");
  }

  @Test
  void subtracting_a_day_across_fall_back_keeps_the_wall_clock_time() {
    assertThat(move("2026-10-26T09:00:00", "subtract", 1, "days", "Europe/London"))
        .isEqualTo("2026-10-25T09:00:00Z");
    assertThat(move("2026-10-25T12:00:00", "subtract", 1, "days", "Europe/London"))
        .isEqualTo("2026-10-24T12:00:00+01:00");
  }

  @Test
  void leap_days_are_handled_by_the_calendar() {
    assertThat(move("2024-02-29", "add", 1, "years", "UTC")).isEqualTo("2025-02-28T00:00:00Z");
    assertThat(move("2024-01-31", "add", 1, "months", "UTC")).isEqualTo("2024-02-29T00:00:00Z");
    assertThat(move("2024-03-01", "subtract", 1, "days", "UTC")).isEqualTo("2024-02-29T00:00:00Z");
    assertThat(move("2023-03-01", "subtract", 1, "days", "UTC")).isEqualTo("2023-02-28T00:00:00Z");
    assertThat(move("2024-02-28T12:00:00Z", "add", 2, "weeks", "UTC"))
        .isEqualTo("2024-03-13T12:00:00Z");
  }

  @Test
  void amount_may_be_a_numeric_string_and_negative() {
    assertThat(
            result(
                    "{\"input\":\"2026-01-10\",\"operation\":\"add\",\"amount\":\"-3\","
                        + "\"unit\":\"days\"}")
                .asText())
        .isEqualTo("2026-01-07T00:00:00Z");
  }

  @Test
  void input_that_is_not_a_date_fails_the_node() {
    assertThatThrownBy(() -> result("{\"input\":\"2025-02-29\",\"operation\":\"format\"}"))
        .isInstanceOfSatisfying(
            NodeFailure.class,
            f -> {
              assertThat(f.retryable()).isFalse();
              assertThat(f.getMessage()).contains("2025-02-29");
            });
    assertThatThrownBy(() -> result("{\"input\":null,\"operation\":\"format\"}"))
        .isInstanceOf(NodeFailure.class);
  }

  @Test
  void fractional_or_huge_amounts_fail_the_node() {
    assertThatThrownBy(
            () ->
                result(
                    "{\"input\":\"2026-01-01\",\"operation\":\"add\",\"amount\":1.5,"
                        + "\"unit\":\"days\"}"))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("whole number");
    assertThatThrownBy(
            () ->
                result(
                    "{\"input\":\"2026-01-01\",\"operation\":\"add\",\"amount\":9000000000000,"
                        + "\"unit\":\"years\"}"))
        .isInstanceOf(NodeFailure.class);
  }

  @Test
  void validation_lists_every_problem() {
    assertThat(
            paths(
                DATES.validateConfig(
                    data(
                        "{\"input\":\"someday\",\"operation\":\"add\",\"amount\":\"x\","
                            + "\"unit\":\"fortnights\",\"format\":\"iiii\","
                            + "\"timezone\":\"Mars/Olympus\"}"),
                    "d")))
        .containsExactly("d.input", "d.amount", "d.unit", "d.format", "d.timezone");
    assertThat(paths(DATES.validateConfig(data("{\"operation\":\"subtract\"}"), "d")))
        .containsExactly("d.input", "d.amount", "d.unit");
    assertThat(paths(DATES.validateConfig(data("{\"input\":\"2026-01-01\"}"), "d")))
        .containsExactly("d.operation");
  }

  @Test
  void validation_accepts_templates_and_named_formats() {
    assertThat(
            DATES.validateConfig(
                data(
                    "{\"input\":\"{{ trigger.at }}\",\"operation\":\"add\","
                        + "\"amount\":\"{{ trigger.n }}\",\"unit\":\"months\","
                        + "\"format\":\"epoch_millis\",\"timezone\":\"{{ trigger.tz }}\"}"),
                "d"))
        .isEmpty();
  }
}

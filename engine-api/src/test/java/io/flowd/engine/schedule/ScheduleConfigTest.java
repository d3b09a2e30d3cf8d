package io.flowd.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleConfigTest {
  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void published_first_fire_time_is_used_while_it_lies_ahead() {
    ScheduleConfig config =
        new ScheduleConfig("interval", "15 minutes", "UTC", true, at("2026-06-01T10:15:07Z"));

    assertThat(config.nextFire(at("2026-06-01T10:00:00Z"), at("2026-06-01T10:00:01Z")))
        .isEqualTo(at("2026-06-01T10:15:07Z"));
    assertThat(config.nextFire(at("2026-06-01T10:15:07Z"), at("2026-06-01T10:15:07Z")))
        .isEqualTo(at("2026-06-01T10:30:07Z"));
  }

  @Test
  void interval_after_downtime_keeps_its_phase_and_skips_missed_steps() {
    ScheduleConfig config = new ScheduleConfig("interval", "10 minutes", "UTC", true, null);

    assertThat(config.nextFire(at("2026-06-01T10:00:05Z"), at("2026-06-01T10:47:00Z")))
        .isEqualTo(at("2026-06-01T10:50:05Z"));
  }

  @Test
  void cron_counts_from_now_in_its_zone_and_skips_a_local_time_that_does_not_exist() {
    ScheduleConfig config = new ScheduleConfig("cron", "30 2 * * *", "Europe/Berlin", true, null);

    // 2026-03-29 02:30 does not exist in Berlin (clocks jump from 02:00 to 03:00): that day has
    // no fire, the next is 02:30 summer time on the 30th.
    assertThat(Instant.ofEpochMilli(config.nextFire(0, at("2026-03-28T12:00:00Z"))))
        .isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
    assertThat(config.nextFire(0, at("2026-06-01T00:00:00Z")))
        .isEqualTo(at("2026-06-01T00:30:00Z"));
  }

  @Test
  void same_schedule_ignores_the_first_fire_time_but_not_a_pause() {
    ScheduleConfig active = new ScheduleConfig("cron", "* * * * *", "UTC", true, 5L);

    assertThat(active.sameSchedule(active.withoutFirstFire())).isTrue();
    assertThat(active.sameSchedule(new ScheduleConfig("cron", "* * * * *", "UTC", false, 5L)))
        .isFalse();
    assertThat(active.fires()).isTrue();
    assertThat(new ScheduleConfig("manual", null, "UTC", true, null).isScheduled()).isFalse();
  }
}

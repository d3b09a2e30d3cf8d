package io.flowd.engine.schedule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.flowd.model.schedule.Schedules;
import java.time.Instant;
import java.util.Objects;

/**
 * A workflow's schedule as its schedule workflow applies it.
 *
 * @param type {@code manual}, {@code cron} or {@code interval}
 * @param value the cron expression or interval, or {@code null}
 * @param zone the IANA zone of a cron schedule
 * @param active whether the schedule fires ({@code false}: paused)
 * @param nextFireAtMillis the first fire time the sender already published as {@code next_run_at}
 *     (epoch milliseconds), used when it is still ahead, so the row and the timer agree; or {@code
 *     null} to compute it
 */
public record ScheduleConfig(
    String type, String value, String zone, boolean active, Long nextFireAtMillis) {

  /** Returns the configuration stored in a workflow row, without a first fire time. */
  public static ScheduleConfig of(String type, String value, String zone, boolean active) {
    return new ScheduleConfig(type, value, zone, active, null);
  }

  /** Returns whether this is a cron or interval schedule (active or paused). */
  @JsonIgnore
  public boolean isScheduled() {
    return Schedules.CRON.equals(type) || Schedules.INTERVAL.equals(type);
  }

  /** Returns whether the schedule fires: active with a cron or interval. */
  @JsonIgnore
  public boolean fires() {
    return active && isScheduled();
  }

  /** Returns whether both describe the same schedule, ignoring the first fire time. */
  public boolean sameSchedule(ScheduleConfig other) {
    return other != null
        && active == other.active
        && Objects.equals(type, other.type)
        && Objects.equals(value, other.value)
        && Objects.equals(zone, other.zone);
  }

  /** Returns a copy with the given first fire time. */
  public ScheduleConfig withFirstFire(Long firstFireAtMillis) {
    return new ScheduleConfig(type, value, zone, active, firstFireAtMillis);
  }

  /**
   * Returns the next fire time after {@code nowMillis} (epoch milliseconds): the published first
   * fire time while it is ahead; for a cron the next matching minute in the zone; for an interval
   * the first step from {@code anchorMillis} (the last fire) that lies ahead; {@code null} for a
   * cron that never fires again.
   */
  public Long nextFire(long anchorMillis, long nowMillis) {
    if (nextFireAtMillis != null && nextFireAtMillis > nowMillis) {
      return nextFireAtMillis;
    }
    if (Schedules.INTERVAL.equals(type)) {
      long step = Schedules.interval(value).toMillis();
      long next = anchorMillis + step;
      if (next <= nowMillis) {
        next += ((nowMillis - next) / step + 1) * step;
      }
      return next;
    }
    Instant next = Schedules.nextFireAfter(type, value, zone, Instant.ofEpochMilli(nowMillis));
    return next == null ? null : next.toEpochMilli();
  }

  /** Returns a copy without the first fire time. */
  public ScheduleConfig withoutFirstFire() {
    return new ScheduleConfig(type, value, zone, active, null);
  }
}

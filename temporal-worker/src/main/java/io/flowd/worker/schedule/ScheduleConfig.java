package io.flowd.worker.schedule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.flowd.model.schedule.Schedules;
import io.flowd.store.ScheduleRow;
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
  public static ScheduleConfig of(ScheduleRow row) {
    return new ScheduleConfig(
        row.scheduleType(), row.scheduleValue(), row.scheduleTimezone(), row.isActive(), null);
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

  /** Returns a copy without the first fire time. */
  public ScheduleConfig withoutFirstFire() {
    return new ScheduleConfig(type, value, zone, active, null);
  }
}

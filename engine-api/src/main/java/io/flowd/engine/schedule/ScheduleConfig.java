package io.flowd.engine.schedule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.flowd.model.TriggerSettings;
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
 * @param overlap what a fire does while an earlier scheduled run is open ({@code null}: {@code
 *     skip}, as before the setting existed)
 * @param catchupSeconds how late a missed fire may still run ({@code null}: the default)
 */
public record ScheduleConfig(
    String type,
    String value,
    String zone,
    boolean active,
    Long nextFireAtMillis,
    String overlap,
    Integer catchupSeconds) {

  /** Creates a configuration with the default overlap policy and catch-up window. */
  public ScheduleConfig(
      String type, String value, String zone, boolean active, Long nextFireAtMillis) {
    this(type, value, zone, active, nextFireAtMillis, null, null);
  }

  /** Returns the configuration stored in a workflow row, without a first fire time. */
  public static ScheduleConfig of(String type, String value, String zone, boolean active) {
    return new ScheduleConfig(type, value, zone, active, null);
  }

  /**
   * Returns the configuration stored in a workflow row, with its overlap policy and catch-up
   * window, without a first fire time.
   */
  public static ScheduleConfig of(
      String type, String value, String zone, boolean active, String overlap, int catchupSeconds) {
    return new ScheduleConfig(type, value, zone, active, null, overlap, catchupSeconds);
  }

  /** Returns the overlap policy, {@code skip} when unset. */
  @JsonIgnore
  public String overlapPolicy() {
    return overlap == null ? TriggerSettings.SKIP : overlap;
  }

  /** The shortest effective catch-up window: a fire a few seconds late under load still runs. */
  public static final long MIN_CATCHUP_MILLIS = 10_000;

  private int catchupOrDefault() {
    return catchupSeconds == null ? TriggerSettings.DEFAULT_CATCHUP_SECONDS : catchupSeconds;
  }

  /** Returns the catch-up window in milliseconds, at least {@link #MIN_CATCHUP_MILLIS}. */
  @JsonIgnore
  public long catchupMillis() {
    return Math.max(MIN_CATCHUP_MILLIS, 1000L * catchupOrDefault());
  }

  /** Returns whether both fire at the same times (type, value, zone and pause state). */
  public boolean sameTiming(ScheduleConfig other) {
    return other != null
        && active == other.active
        && Objects.equals(type, other.type)
        && Objects.equals(value, other.value)
        && Objects.equals(zone, other.zone);
  }

  /**
   * Returns the first fire time strictly after {@code afterMillis}: for an interval one step later,
   * for a cron the next matching minute; {@code null} for a cron that never fires again.
   */
  public Long fireAfter(long afterMillis) {
    if (Schedules.INTERVAL.equals(type)) {
      return afterMillis + Schedules.interval(value).toMillis();
    }
    Instant next = Schedules.nextFireAfter(type, value, zone, Instant.ofEpochMilli(afterMillis));
    return next == null ? null : next.toEpochMilli();
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

  /**
   * Returns whether both describe the same schedule, ignoring the first fire time: same timing,
   * overlap policy and catch-up window.
   */
  public boolean sameSchedule(ScheduleConfig other) {
    return sameTiming(other)
        && overlapPolicy().equals(other.overlapPolicy())
        && catchupOrDefault() == other.catchupOrDefault();
  }

  /** Returns a copy with the given first fire time. */
  public ScheduleConfig withFirstFire(Long firstFireAtMillis) {
    return new ScheduleConfig(
        type, value, zone, active, firstFireAtMillis, overlap, catchupSeconds);
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
    return new ScheduleConfig(type, value, zone, active, null, overlap, catchupSeconds);
  }
}

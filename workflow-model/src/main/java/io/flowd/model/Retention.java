package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long a workflow's closed runs are kept. A closed run is purged, with its logs, stored
 * payloads and idempotency key, once it is past either limit: closed more than {@code keep_days}
 * days ago (or its status's own number of days), or older than the workflow's {@code keep_last}
 * newest closed runs. Open runs are never purged. A field left out takes the service default.
 *
 * @param keepDays days a closed run is kept after it closed, or {@code null} for no age limit
 * @param keepLast how many of the newest closed runs are kept, or {@code null} for no count limit
 * @param keepDaysByStatus days by terminal status ({@code completed}, {@code failed}, {@code
 *     cancelled}), overriding {@code keepDays} for runs of that status; empty when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Retention(
    @JsonProperty("keep_days") Integer keepDays,
    @JsonProperty("keep_last") Integer keepLast,
    @JsonProperty("keep_days_by_status") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Integer> keepDaysByStatus) {

  /** The most days a policy may keep runs (100 years). */
  public static final int MAX_DAYS = 36_500;

  /** The most runs {@code keep_last} may keep. */
  public static final int MAX_KEEP_LAST = 10_000_000;

  /**
   * Runs younger than this are never purged, whatever the policy: an {@code Idempotency-Key}
   * replays its run for 24 hours, so its run must exist for that long.
   */
  public static final Duration MIN_AGE = Duration.ofHours(24);

  /** A policy that keeps everything. */
  public static final Retention KEEP_ALL = new Retention(null, null, Map.of());

  public Retention {
    keepDaysByStatus =
        keepDaysByStatus == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keepDaysByStatus));
  }

  /** The statuses {@code keep_days_by_status} may name: the terminal ones. */
  public static List<String> statuses() {
    return Arrays.stream(RunStatus.values())
        .filter(RunStatus::isTerminal)
        .map(RunStatus::json)
        .toList();
  }

  /**
   * Returns this policy with each limit it leaves out taken from {@code defaults}; a status in
   * either map keeps its days, this policy's first.
   */
  public Retention over(Retention defaults) {
    if (defaults == null) {
      return this;
    }
    Map<String, Integer> byStatus = new LinkedHashMap<>(defaults.keepDaysByStatus());
    byStatus.putAll(keepDaysByStatus);
    if (keepDays != null) {
      // The workflow's own age limit replaces the default's per-status ages it does not name.
      byStatus.keySet().retainAll(keepDaysByStatus.keySet());
    }
    return new Retention(
        keepDays != null ? keepDays : defaults.keepDays(),
        keepLast != null ? keepLast : defaults.keepLast(),
        byStatus);
  }

  /** Returns the days a closed run of {@code status} is kept, or {@code null} for no limit. */
  public Integer daysFor(RunStatus status) {
    Integer days = keepDaysByStatus.get(status.json());
    return days != null ? days : keepDays;
  }

  /**
   * Returns the instant before which a run of {@code status} that closed is past this policy's age
   * limit at {@code now}, or {@code null} when that status has none.
   */
  public Instant closedBefore(RunStatus status, Instant now) {
    Integer days = daysFor(status);
    return days == null ? null : now.minus(Duration.ofDays(days));
  }

  /**
   * Returns the longest age limit over every terminal status, or {@code null} when one has none.
   */
  public Integer longestDays() {
    int longest = 0;
    for (RunStatus status : RunStatus.values()) {
      if (status.isTerminal()) {
        Integer days = daysFor(status);
        if (days == null) {
          return null;
        }
        longest = Math.max(longest, days);
      }
    }
    return longest;
  }

  /** Returns whether this policy purges anything. */
  public boolean purges() {
    return keepLast != null
        || Arrays.stream(RunStatus.values()).anyMatch(s -> s.isTerminal() && daysFor(s) != null);
  }
}

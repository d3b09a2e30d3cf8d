package io.flowd.engine;

import java.time.Duration;
import java.util.Map;

/**
 * How flowd recovers from partial failure, read once from the environment.
 *
 * @param stickyTimeout how long a run's next workflow task waits on the worker that ran the last
 *     one before any worker may take it ({@code FLOWD_STICKY_SCHEDULE_TO_START_SECONDS}, default
 *     5); {@code null} when unset, so that a worker picks 5 s on a cluster and no sticky routing on
 *     the Temporal test server, which never releases a dead worker's sticky queue; 0 turns sticky
 *     routing off
 * @param cancelGrace how long a cancelled run may take to stop before its execution is terminated
 *     ({@code FLOWD_CANCEL_GRACE_SECONDS}, default 30)
 * @param reconcileInterval how often the reconciler compares open runs with Temporal ({@code
 *     FLOWD_RECONCILE_INTERVAL_MS}, default 5000)
 * @param reconcileMinAge how old an open run must be before the reconciler looks at it ({@code
 *     FLOWD_RECONCILE_MIN_AGE_SECONDS}, default 5)
 */
public record ReliabilityConfig(
    Duration stickyTimeout,
    Duration cancelGrace,
    Duration reconcileInterval,
    Duration reconcileMinAge) {

  /** Reads the settings. */
  public static ReliabilityConfig fromEnv(Map<String, String> env) {
    String sticky = env.get("FLOWD_STICKY_SCHEDULE_TO_START_SECONDS");
    return new ReliabilityConfig(
        sticky == null || sticky.isBlank() ? null : Duration.ofSeconds(nonNegative(env, sticky)),
        Duration.ofSeconds(nonNegative(env, env.getOrDefault("FLOWD_CANCEL_GRACE_SECONDS", "30"))),
        Duration.ofMillis(
            Math.max(100, Long.parseLong(env.getOrDefault("FLOWD_RECONCILE_INTERVAL_MS", "5000")))),
        Duration.ofSeconds(
            nonNegative(env, env.getOrDefault("FLOWD_RECONCILE_MIN_AGE_SECONDS", "5"))));
  }

  private static long nonNegative(Map<String, String> env, String value) {
    long parsed = Long.parseLong(value.trim());
    if (parsed < 0) {
      throw new IllegalStateException("reliability settings must be at least 0, not " + value);
    }
    return parsed;
  }
}

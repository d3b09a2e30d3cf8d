package io.flowd.engine.observability;

import java.time.Duration;
import java.util.Map;

/**
 * Operational settings of both processes, read once from the environment.
 *
 * @param shutdownTimeout how long a stop waits for in-flight requests and activities ({@code
 *     FLOWD_SHUTDOWN_TIMEOUT_SECONDS}, default 30)
 * @param workerMetricsPort the worker process's metrics port ({@code FLOWD_WORKER_METRICS_PORT},
 *     default 9464; 0 picks a free port)
 */
public record OpsConfig(Duration shutdownTimeout, int workerMetricsPort) {

  /** Reads the settings. */
  public static OpsConfig fromEnv(Map<String, String> env) {
    long seconds = Long.parseLong(env.getOrDefault("FLOWD_SHUTDOWN_TIMEOUT_SECONDS", "30"));
    if (seconds < 0) {
      throw new IllegalStateException("FLOWD_SHUTDOWN_TIMEOUT_SECONDS must be at least 0");
    }
    return new OpsConfig(
        Duration.ofSeconds(seconds),
        Integer.parseInt(env.getOrDefault("FLOWD_WORKER_METRICS_PORT", "9464")));
  }
}

package io.flowd.engine;

import java.util.Map;

/**
 * How both processes reach Temporal, read once from the environment.
 *
 * @param temporalAddress Temporal frontend host:port ({@code TEMPORAL_ADDRESS}, default {@code
 *     127.0.0.1:7233})
 * @param namespace Temporal namespace ({@code FLOWD_TEMPORAL_NAMESPACE}, default {@code default})
 * @param taskQueue the task queue of graph runs ({@code FLOWD_TASK_QUEUE}, default {@link
 *     #DEFAULT_TASK_QUEUE})
 */
public record EngineConfig(String temporalAddress, String namespace, String taskQueue) {
  /** The task queue of graph runs unless {@code FLOWD_TASK_QUEUE} names another. */
  public static final String DEFAULT_TASK_QUEUE = "flowd";

  /** Reads the settings. */
  public static EngineConfig fromEnv(Map<String, String> env) {
    return new EngineConfig(
        env.getOrDefault("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
        env.getOrDefault("FLOWD_TEMPORAL_NAMESPACE", "default"),
        env.getOrDefault("FLOWD_TASK_QUEUE", DEFAULT_TASK_QUEUE));
  }
}

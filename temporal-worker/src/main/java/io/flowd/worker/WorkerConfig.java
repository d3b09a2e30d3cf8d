package io.flowd.worker;

import io.flowd.engine.EngineConfig;
import io.flowd.engine.ReliabilityConfig;
import io.flowd.engine.observability.Tracing;
import io.flowd.nodes.NodesConfig;
import io.flowd.store.StoreConfig;
import java.util.Map;

/**
 * The worker's settings, read once from the environment; the API reads the same records.
 *
 * @param store PostgreSQL and the vault key
 * @param engine Temporal and the task queue
 * @param nodes how nodes run
 * @param reliability how workflow tasks are routed (sticky timeout) and runs recovered
 * @param tracing the OpenTelemetry tracing of the {@code OTEL_*} variables (off when unset)
 */
public record WorkerConfig(
    StoreConfig store,
    EngineConfig engine,
    NodesConfig nodes,
    ReliabilityConfig reliability,
    Tracing tracing) {

  /**
   * Reads the settings; fails fast when {@code DATABASE_URL} or {@code FLOWD_VAULT_KEY} is missing,
   * or the vault key is malformed.
   */
  public static WorkerConfig fromEnv(Map<String, String> env) {
    return new WorkerConfig(
        StoreConfig.fromEnv(env),
        EngineConfig.fromEnv(env),
        NodesConfig.fromEnv(env),
        ReliabilityConfig.fromEnv(env),
        Tracing.fromEnv(env));
  }
}

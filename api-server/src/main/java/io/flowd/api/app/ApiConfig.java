package io.flowd.api.app;

import io.flowd.api.auth.JwtSettings;
import io.flowd.engine.EngineConfig;
import io.flowd.engine.ReliabilityConfig;
import io.flowd.engine.observability.Tracing;
import io.flowd.nodes.NodesConfig;
import io.flowd.runs.RetentionConfig;
import io.flowd.runs.RunInsertGrouping;
import io.flowd.store.StoreConfig;
import java.util.Map;

/**
 * The API process's settings, read once from the environment.
 *
 * @param store PostgreSQL and the vault key (shared with the worker)
 * @param engine Temporal and the task queue (shared with the worker)
 * @param nodes how test-node runs nodes (shared with the worker)
 * @param jwt how bearer tokens are verified
 * @param httpHost the address to listen on ({@code FLOWD_HTTP_HOST}, default 0.0.0.0; the local
 *     start uses 127.0.0.1)
 * @param httpPort the port to listen on ({@code FLOWD_HTTP_PORT}, default 8080)
 * @param publicUrl the base of URLs handed out ({@code FLOWD_PUBLIC_URL})
 * @param outboxIntervalMillis how often pending runs are retried ({@code FLOWD_OUTBOX_INTERVAL_MS},
 *     default 1000)
 * @param rateLimitPerMinute requests a tenant may make to this process per minute ({@code
 *     FLOWD_RATE_LIMIT_PER_MINUTE}, default 600)
 * @param reliability cancel grace period and reconciliation settings
 * @param retention the service's retention policy and the purger's settings
 * @param haltAfterCommit a fault-test hook ({@code FLOWD_TEST_HALT_AFTER_COMMIT}, unset in
 *     production): the identity of a broker message whose first start halts the process at once,
 *     after its run is committed and before the message is acknowledged, as a kill -9 there would
 * @param tracing the OpenTelemetry tracing of the {@code OTEL_*} variables (off when unset)
 * @param runInserts whether the keyed runs of concurrent starts are written in groups ({@code
 *     FLOWD_RUN_INSERT_GROUPING}, {@code FLOWD_RUN_INSERT_GROUP_WAIT_MS})
 */
public record ApiConfig(
    StoreConfig store,
    EngineConfig engine,
    NodesConfig nodes,
    JwtSettings jwt,
    String httpHost,
    int httpPort,
    String publicUrl,
    long outboxIntervalMillis,
    long rateLimitPerMinute,
    ReliabilityConfig reliability,
    RetentionConfig retention,
    String haltAfterCommit,
    Tracing tracing,
    RunInsertGrouping runInserts) {

  /** Reads the settings; fails fast on a missing database URL or JWT key. */
  public static ApiConfig fromEnv(Map<String, String> env) {
    int port = Integer.parseInt(env.getOrDefault("FLOWD_HTTP_PORT", "8080"));
    String publicUrl = env.getOrDefault("FLOWD_PUBLIC_URL", "http://localhost:" + port);
    return new ApiConfig(
        StoreConfig.fromEnv(env),
        EngineConfig.fromEnv(env),
        NodesConfig.fromEnv(env),
        JwtSettings.fromEnv(env),
        env.getOrDefault("FLOWD_HTTP_HOST", "0.0.0.0"),
        port,
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl,
        Long.parseLong(env.getOrDefault("FLOWD_OUTBOX_INTERVAL_MS", "1000")),
        Long.parseLong(env.getOrDefault("FLOWD_RATE_LIMIT_PER_MINUTE", "600")),
        ReliabilityConfig.fromEnv(env),
        RetentionConfig.fromEnv(env),
        env.get("FLOWD_TEST_HALT_AFTER_COMMIT"),
        Tracing.fromEnv(env),
        RunInsertGrouping.fromEnv(env));
  }
}

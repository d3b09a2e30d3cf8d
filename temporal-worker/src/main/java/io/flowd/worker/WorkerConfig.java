package io.flowd.worker;

import io.flowd.store.VaultCipher;
import java.util.Map;

/**
 * The worker's settings, read once from the environment.
 *
 * @param databaseUrl PostgreSQL ({@code DATABASE_URL})
 * @param temporalAddress Temporal frontend host:port ({@code TEMPORAL_ADDRESS}, default {@code
 *     127.0.0.1:7233})
 * @param namespace Temporal namespace ({@code FLOWD_TEMPORAL_NAMESPACE}, default {@code default})
 * @param taskQueue the task queue of graph runs ({@code FLOWD_TASK_QUEUE}, default {@code flowd})
 * @param allowPrivateNetworks whether the {@code webhook} action may call private addresses ({@code
 *     FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS})
 * @param databasePoolSize connections of the worker's pool ({@code FLOWD_DB_POOL_SIZE}, default 10)
 * @param vault encrypts and decrypts vault secrets with {@code FLOWD_VAULT_KEY} (required: the
 *     base64 of 32 bytes)
 */
public record WorkerConfig(
    String databaseUrl,
    String temporalAddress,
    String namespace,
    String taskQueue,
    boolean allowPrivateNetworks,
    int databasePoolSize,
    VaultCipher vault) {

  /**
   * Reads the settings; fails fast when {@code DATABASE_URL} or {@code FLOWD_VAULT_KEY} is missing,
   * or the vault key is malformed.
   */
  public static WorkerConfig fromEnv(Map<String, String> env) {
    String databaseUrl = env.get("DATABASE_URL");
    if (databaseUrl == null || databaseUrl.isBlank()) {
      throw new IllegalStateException("DATABASE_URL must be set");
    }
    return new WorkerConfig(
        databaseUrl,
        env.getOrDefault("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
        env.getOrDefault("FLOWD_TEMPORAL_NAMESPACE", "default"),
        env.getOrDefault("FLOWD_TASK_QUEUE", "flowd"),
        Boolean.parseBoolean(env.getOrDefault("FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "false")),
        Integer.parseInt(env.getOrDefault("FLOWD_DB_POOL_SIZE", "10")),
        VaultCipher.fromBase64(env.get("FLOWD_VAULT_KEY")));
  }
}

package io.flowd.store;

import java.util.Map;

/**
 * How both processes reach PostgreSQL and the vault, read once from the environment.
 *
 * @param databaseUrl PostgreSQL ({@code DATABASE_URL})
 * @param databasePoolSize connections of the process's pool ({@code FLOWD_DB_POOL_SIZE}, default
 *     10)
 * @param vault encrypts and decrypts vault secrets with {@code FLOWD_VAULT_KEY} (required: the
 *     base64 of 32 bytes)
 */
public record StoreConfig(String databaseUrl, int databasePoolSize, VaultCipher vault) {

  /**
   * Reads the settings; fails fast when {@code DATABASE_URL} or {@code FLOWD_VAULT_KEY} is missing,
   * or the vault key is malformed.
   */
  public static StoreConfig fromEnv(Map<String, String> env) {
    String databaseUrl = env.get("DATABASE_URL");
    if (databaseUrl == null || databaseUrl.isBlank()) {
      throw new IllegalStateException("DATABASE_URL must be set");
    }
    return new StoreConfig(
        databaseUrl,
        Integer.parseInt(env.getOrDefault("FLOWD_DB_POOL_SIZE", "10")),
        VaultCipher.fromBase64(env.get("FLOWD_VAULT_KEY")));
  }
}

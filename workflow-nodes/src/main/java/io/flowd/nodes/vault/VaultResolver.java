package io.flowd.nodes.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.store.Database;
import io.flowd.store.VaultCipher;
import io.flowd.store.VaultDao;
import io.flowd.store.VaultSecret;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the vault secrets a node's config refers to. It runs only in activities (and the
 * test-node route), never in workflow code, so secrets never enter workflow history.
 */
public final class VaultResolver {
  /** The {@link NodeFailure#type()} of a secret that cannot be resolved; never retried. */
  public static final String FAILURE_TYPE = "vault_error";

  private final VaultDao vault;
  private final VaultCipher cipher;
  private final Clock clock;

  /**
   * Creates a resolver over the store; a {@code null} cipher (no key configured) fails every node
   * that refers to the vault.
   */
  public VaultResolver(Database database, VaultCipher cipher) {
    this(database.dao(VaultDao.class), cipher, Clock.systemUTC());
  }

  /** Returns a resolver without a store: every node that refers to the vault fails. */
  public static VaultResolver unconfigured() {
    return new VaultResolver((VaultDao) null, null, Clock.systemUTC());
  }

  VaultResolver(VaultDao vault, VaultCipher cipher, Clock clock) {
    this.vault = vault;
    this.cipher = cipher;
    this.clock = clock;
  }

  /**
   * The secrets one node uses.
   *
   * @param values the {@code vault} template root: name to secret
   * @param mask masks every resolved value
   */
  public record Resolved(ObjectNode values, SecretMask mask) {
    /** Nothing resolved. */
    public static final Resolved NONE = new Resolved(Json.object(), SecretMask.NONE);
  }

  /**
   * Resolves every vault name {@code data} refers to.
   *
   * @throws NodeFailure {@value #FAILURE_TYPE}, not retryable, naming the first secret that is
   *     unknown, deleted or expired
   */
  public Resolved resolve(String tenantId, JsonNode data) {
    Set<String> names = VaultReferences.names(data);
    if (names.isEmpty()) {
      return Resolved.NONE;
    }
    if (cipher == null) {
      throw new NodeFailure(
          FAILURE_TYPE, "the vault is not configured on this worker (FLOWD_VAULT_KEY)", false);
    }
    Map<String, VaultSecret> found = new LinkedHashMap<>();
    for (VaultSecret secret : vault.sealed(tenantId, names)) {
      found.put(secret.name(), secret);
    }
    ObjectNode values = Json.object();
    List<String> plain = new ArrayList<>();
    for (String name : names) {
      VaultSecret secret = found.get(name);
      if (secret == null) {
        throw new NodeFailure(
            FAILURE_TYPE, "vault secret " + name + " does not exist (unknown or deleted)", false);
      }
      if (secret.expiresAt() != null && !secret.expiresAt().isAfter(clock.instant())) {
        throw new NodeFailure(
            FAILURE_TYPE, "vault secret " + name + " expired at " + secret.expiresAt(), false);
      }
      String value;
      try {
        value = cipher.open(tenantId, secret.sealed());
      } catch (IllegalStateException e) {
        throw new NodeFailure(
            FAILURE_TYPE,
            "vault secret " + name + " cannot be decrypted with this worker's FLOWD_VAULT_KEY",
            false);
      }
      values.put(name, value);
      plain.add(value);
    }
    return new Resolved(values, new SecretMask(plain));
  }
}

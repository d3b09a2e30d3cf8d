package io.flowd.store;

import java.time.Instant;

/**
 * A vault secret as stored: still encrypted.
 *
 * @param name the secret's name
 * @param sealed the nonce and ciphertext, as {@link VaultCipher#seal} wrote them
 * @param expiresAt when it stops resolving, or {@code null}
 */
public record VaultSecret(String name, byte[] sealed, Instant expiresAt) {}

package io.flowd.store;

import java.time.Instant;

/**
 * A change of a vault item; {@code null} fields stay as they are. {@link VaultDao#update} binds its
 * accessors by name.
 *
 * @param id the item's id
 * @param name its new name, or {@code null}
 * @param secret its new sealed secret, or {@code null}
 * @param expiresAt its new expiry, or {@code null}
 * @param clearExpiry whether to remove its expiry
 */
public record VaultChange(
    String id, String name, byte[] secret, Instant expiresAt, boolean clearExpiry) {}

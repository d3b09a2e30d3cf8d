package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A vault secret's metadata, as the API shows it; the secret itself is never part of it.
 *
 * @param id {@code vlt_…}
 * @param name the name templates use ({@code {{ vault.NAME }}}), 3 to 50 of {@code [A-Za-z0-9_]}
 * @param expiresAt when the secret stops resolving, or {@code null} for never
 * @param createdAt when it was stored
 * @param updatedAt when it was last changed
 */
public record VaultItem(
    String id,
    String name,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {}

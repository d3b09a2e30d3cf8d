package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The record of a caller, created on their first authenticated request.
 *
 * @param id {@code auth_…}
 * @param userId the token's {@code sub}
 * @param email the token's {@code email} claim, or {@code null}
 * @param createdAt when the caller was first seen
 */
public record Authorization(
    String id,
    @JsonProperty("user_id") String userId,
    String email,
    @JsonProperty("created_at") Instant createdAt) {}

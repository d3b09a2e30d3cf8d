package io.flowd.api.auth;

/**
 * The authenticated caller of a request.
 *
 * @param tenantId the tenant every resource of the request belongs to: the token's {@code team_id}
 *     claim, or its {@code sub} when there is no team
 * @param userId the token's {@code sub}
 * @param email the token's {@code email} claim, or {@code null}
 */
public record Principal(String tenantId, String userId, String email) {}

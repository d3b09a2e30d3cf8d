package io.flowd.store;

import java.time.Instant;

/**
 * A workflow's webhook tokens.
 *
 * @param token the current token
 * @param previousToken the token replaced by the latest rotation while it still works, or {@code
 *     null}
 * @param previousExpiresAt when {@code previousToken} stops working, or {@code null}
 */
public record WebhookTokens(String token, String previousToken, Instant previousExpiresAt) {}

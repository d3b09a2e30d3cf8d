package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A node of a run that waits for outside input right now.
 *
 * @param nodeId the waiting node
 * @param prompt its prompt, rendered with the run's data (vault values show as {@code ***}), or
 *     {@code null} when it has none
 * @param expiresAt when the wait fails unanswered
 */
public record RunWait(
    @JsonProperty("node_id") String nodeId,
    String prompt,
    @JsonProperty("expires_at") Instant expiresAt) {}

package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A {@code wait_for_input} node that began to wait, as the bookkeeping records it.
 *
 * @param nodeId the waiting node
 * @param prompt the node's {@code prompt}, templates not yet rendered, or {@code null}
 * @param scope the template roots the node's config refers to (no vault values)
 * @param expiresAtMillis when the wait fails unanswered, in epoch milliseconds
 */
public record WaitEntry(
    String nodeId, JsonNode prompt, Map<String, JsonNode> scope, long expiresAtMillis) {}

package io.flowd.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Outside input for a waiting {@code wait_for_input} node.
 *
 * @param nodeId the waiting node
 * @param payload the node's output (a claim-check reference when it is large)
 */
public record NodeInput(String nodeId, JsonNode payload) {}

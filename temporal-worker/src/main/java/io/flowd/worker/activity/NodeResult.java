package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the node activity hands back to the interpreter.
 *
 * @param output the node's output
 * @param handle the handle to leave by, or {@code null}
 */
public record NodeResult(JsonNode output, String handle) {}

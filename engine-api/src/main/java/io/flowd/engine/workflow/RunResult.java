package io.flowd.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a run ended.
 *
 * @param status {@code completed}
 * @param output the output of the last node to finish
 */
public record RunResult(String status, JsonNode output) {}

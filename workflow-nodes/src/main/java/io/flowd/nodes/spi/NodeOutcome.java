package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a node produced.
 *
 * @param output the node's output, addressable by its id in later templates
 * @param handle the handle whose edges are taken (a condition's {@code "true"} or {@code "false"}),
 *     or {@code null} for plain edges
 */
public record NodeOutcome(JsonNode output, String handle) {

  /** Returns an outcome that takes plain edges. */
  public static NodeOutcome of(JsonNode output) {
    return new NodeOutcome(output, null);
  }
}

package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a node produced.
 *
 * @param output the node's output, addressable by its id in later templates
 * @param handle the handle whose edges are taken (a condition's {@code "true"} or {@code "false"}),
 *     or {@code null} for plain edges
 * @param console lines the node wrote for its log beside the output (a {@code code} node's {@code
 *     console.log}), empty for most nodes
 */
public record NodeOutcome(JsonNode output, String handle, List<String> console) {

  public NodeOutcome {
    console = console == null ? List.of() : List.copyOf(console);
  }

  /** Creates an outcome without console lines. */
  public NodeOutcome(JsonNode output, String handle) {
    this(output, handle, List.of());
  }

  /** Returns an outcome that takes plain edges. */
  public static NodeOutcome of(JsonNode output) {
    return new NodeOutcome(output, null);
  }
}

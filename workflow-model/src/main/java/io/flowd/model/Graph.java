package io.flowd.model;

import java.util.List;

/**
 * A workflow's graph: nodes and edges in the order the user declared them. That order is the
 * tie-breaker wherever execution must choose deterministically.
 */
public record Graph(List<Node> nodes, List<Edge> edges) {
  public Graph {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    edges = edges == null ? List.of() : List.copyOf(edges);
  }
}

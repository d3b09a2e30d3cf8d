package io.flowd.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Edge;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.Node;
import java.util.ArrayList;
import java.util.List;

/** A small builder of graphs for tests. */
public final class Graphs {
  private final List<Node> nodes = new ArrayList<>();
  private final List<Edge> edges = new ArrayList<>();

  public static Graphs manualTrigger(String id) {
    return new Graphs().node(id, "trigger", "{\"componentId\":\"manual_trigger\"}");
  }

  public Graphs node(String id, String type, String dataJson) {
    nodes.add(new Node(id, type, null, (ObjectNode) Json.parse(dataJson)));
    return this;
  }

  public Graphs action(String id, String dataJson) {
    return node(id, "action", dataJson);
  }

  public Graphs condition(String id, String dataJson) {
    return node(id, "condition", dataJson);
  }

  public Graphs edge(String source, String target) {
    return edge(source, target, null);
  }

  public Graphs edge(String source, String target, String handle) {
    edges.add(new Edge("e" + (edges.size() + 1), source, target, handle));
    return this;
  }

  public Graph build() {
    return new Graph(nodes, edges);
  }
}

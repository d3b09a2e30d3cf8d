package io.flowd.engine.workflow;

import io.flowd.model.Edge;
import io.flowd.model.Graph;
import io.flowd.model.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reachability in a graph by node index, walking lists in declaration order only. */
public final class GraphPaths {
  public final List<Node> nodes;
  public final List<Edge> edges;
  public final Map<String, Integer> index = new LinkedHashMap<>();
  private final List<List<Integer>> outgoing = new ArrayList<>();
  private final List<List<Integer>> incoming = new ArrayList<>();

  public GraphPaths(Graph graph) {
    this.nodes = graph.nodes();
    this.edges = graph.edges();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).id(), i);
      outgoing.add(new ArrayList<>());
      incoming.add(new ArrayList<>());
    }
    for (int e = 0; e < edges.size(); e++) {
      outgoing.get(source(e)).add(e);
      incoming.get(target(e)).add(e);
    }
  }

  public List<Integer> incoming(int node) {
    return incoming.get(node);
  }

  public int indexOf(String nodeId) {
    Integer i = index.get(nodeId);
    return i == null ? -1 : i;
  }

  public int source(int edge) {
    return index.get(edges.get(edge).source());
  }

  public int target(int edge) {
    return index.get(edges.get(edge).target());
  }

  /** Returns the nodes from which {@code node} can be reached, itself excluded. */
  public boolean[] ancestors(int node) {
    return walk(node, true);
  }

  /** Returns the nodes reachable from {@code node}, itself included. */
  public boolean[] downstream(int node) {
    boolean[] seen = walk(node, false);
    seen[node] = true;
    return seen;
  }

  /** Returns node indexes in a topological order, ties broken by declaration order. */
  public List<Integer> topologicalOrder() {
    int[] indegree = new int[nodes.size()];
    for (int e = 0; e < edges.size(); e++) {
      indegree[target(e)]++;
    }
    List<Integer> order = new ArrayList<>();
    boolean[] done = new boolean[nodes.size()];
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int i = 0; i < nodes.size(); i++) {
        if (!done[i] && indegree[i] == 0) {
          done[i] = true;
          order.add(i);
          progress = true;
          for (int e : outgoing.get(i)) {
            indegree[target(e)]--;
          }
        }
      }
    }
    return order;
  }

  private boolean[] walk(int start, boolean backwards) {
    boolean[] seen = new boolean[nodes.size()];
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      int current = queue.poll();
      for (int e : backwards ? incoming.get(current) : outgoing.get(current)) {
        int to = backwards ? source(e) : target(e);
        if (!seen[to]) {
          seen[to] = true;
          queue.add(to);
        }
      }
    }
    seen[start] = false;
    return seen;
  }
}

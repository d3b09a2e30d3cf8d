package io.flowd.worker.workflow;

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
final class GraphPaths {
  final List<Node> nodes;
  final List<Edge> edges;
  final Map<String, Integer> index = new LinkedHashMap<>();
  private final List<List<Integer>> outgoing = new ArrayList<>();
  private final List<List<Integer>> incoming = new ArrayList<>();

  GraphPaths(Graph graph) {
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

  List<Integer> incoming(int node) {
    return incoming.get(node);
  }

  int indexOf(String nodeId) {
    Integer i = index.get(nodeId);
    return i == null ? -1 : i;
  }

  int source(int edge) {
    return index.get(edges.get(edge).source());
  }

  int target(int edge) {
    return index.get(edges.get(edge).target());
  }

  /** Returns the nodes from which {@code node} can be reached, itself excluded. */
  boolean[] ancestors(int node) {
    return walk(node, true);
  }

  /** Returns the nodes reachable from {@code node}, itself included. */
  boolean[] downstream(int node) {
    boolean[] seen = walk(node, false);
    seen[node] = true;
    return seen;
  }

  /** Returns node indexes in a topological order, ties broken by declaration order. */
  List<Integer> topologicalOrder() {
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

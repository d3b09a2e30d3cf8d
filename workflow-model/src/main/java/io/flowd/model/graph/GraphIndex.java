package io.flowd.model.graph;

import io.flowd.model.Edge;
import io.flowd.model.Graph;
import io.flowd.model.Node;
import io.flowd.model.NodeType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The adjacency of one graph, built once in time linear in its size: nodes and edges by their
 * position in declaration order, each node's incoming and outgoing edges in declaration order, and
 * the walks the validator, the interpreter and resume need (reachability, upstream sets, cycles, a
 * topological order). Every answer iterates arrays in declaration order, never a hash map, so it is
 * safe in workflow code.
 *
 * <p>The index accepts graphs that are not valid: a node id used twice names its first node, and an
 * edge whose source or target is missing or unknown is left out of every adjacency list (its ends
 * are {@code -1}).
 */
public final class GraphIndex {
  private static final int[] NONE = new int[0];

  private final Graph graph;
  private final List<Node> nodes;
  private final List<Edge> edges;
  private final Map<String, Integer> byId;
  private final int[] sources;
  private final int[] targets;
  private final int[][] incoming;
  private final int[][] outgoing;

  private GraphIndex(Graph graph) {
    this.graph = graph;
    this.nodes = graph.nodes();
    this.edges = graph.edges();
    int n = nodes.size();
    int m = edges.size();
    this.byId = new HashMap<>(Math.max(16, n * 2));
    for (int i = 0; i < n; i++) {
      String id = nodes.get(i).id();
      if (id != null) {
        byId.putIfAbsent(id, i);
      }
    }
    this.sources = new int[m];
    this.targets = new int[m];
    int[] inDegree = new int[n];
    int[] outDegree = new int[n];
    for (int e = 0; e < m; e++) {
      Edge edge = edges.get(e);
      int source = indexOf(edge.source());
      int target = indexOf(edge.target());
      if (source < 0 || target < 0) {
        sources[e] = -1;
        targets[e] = -1;
        continue;
      }
      sources[e] = source;
      targets[e] = target;
      outDegree[source]++;
      inDegree[target]++;
    }
    this.incoming = new int[n][];
    this.outgoing = new int[n][];
    for (int i = 0; i < n; i++) {
      incoming[i] = inDegree[i] == 0 ? NONE : new int[inDegree[i]];
      outgoing[i] = outDegree[i] == 0 ? NONE : new int[outDegree[i]];
    }
    int[] inFill = new int[n];
    int[] outFill = new int[n];
    for (int e = 0; e < m; e++) {
      if (sources[e] >= 0) {
        outgoing[sources[e]][outFill[sources[e]]++] = e;
        incoming[targets[e]][inFill[targets[e]]++] = e;
      }
    }
  }

  /** Indexes {@code graph}. */
  public static GraphIndex of(Graph graph) {
    return new GraphIndex(graph);
  }

  /** Returns the indexed graph. */
  public Graph graph() {
    return graph;
  }

  /** Returns how many nodes the graph has. */
  public int nodeCount() {
    return nodes.size();
  }

  /** Returns how many edges the graph has. */
  public int edgeCount() {
    return edges.size();
  }

  /** Returns the node at position {@code node} in declaration order. */
  public Node node(int node) {
    return nodes.get(node);
  }

  /** Returns the edge at position {@code edge} in declaration order. */
  public Edge edge(int edge) {
    return edges.get(edge);
  }

  /** Returns the position of the (first) node with id {@code nodeId}, or -1 when there is none. */
  public int indexOf(String nodeId) {
    Integer i = nodeId == null ? null : byId.get(nodeId);
    return i == null ? -1 : i;
  }

  /** Returns the position of the edge's source node, or -1 when it names no node. */
  public int source(int edge) {
    return sources[edge];
  }

  /** Returns the position of the edge's target node, or -1 when it names no node. */
  public int target(int edge) {
    return targets[edge];
  }

  /** Returns whether both ends of the edge name nodes of the graph. */
  public boolean connects(int edge) {
    return sources[edge] >= 0;
  }

  /** Returns the edges entering {@code node}, in declaration order; do not modify the array. */
  public int[] incoming(int node) {
    return incoming[node];
  }

  /** Returns the edges leaving {@code node}, in declaration order; do not modify the array. */
  public int[] outgoing(int node) {
    return outgoing[node];
  }

  /** Returns the sources of the node's incoming edges, in the order of those edges. */
  public int[] predecessors(int node) {
    int[] in = incoming[node];
    int[] result = new int[in.length];
    for (int k = 0; k < in.length; k++) {
      result[k] = sources[in[k]];
    }
    return result;
  }

  /** Returns the targets of the node's outgoing edges, in the order of those edges. */
  public int[] successors(int node) {
    int[] out = outgoing[node];
    int[] result = new int[out.length];
    for (int k = 0; k < out.length; k++) {
      result[k] = targets[out[k]];
    }
    return result;
  }

  /** Returns whether the node is a trigger. */
  public boolean isTrigger(int node) {
    return NodeType.TRIGGER.json().equals(nodes.get(node).type());
  }

  /** Returns the positions of the trigger nodes, in declaration order. */
  public List<Integer> triggers() {
    List<Integer> triggers = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (isTrigger(i)) {
        triggers.add(i);
      }
    }
    return triggers;
  }

  /** Returns the nodes reachable from {@code node} over edges, {@code node} itself included. */
  public boolean[] downstream(int node) {
    boolean[] seen = walk(node, false);
    seen[node] = true;
    return seen;
  }

  /** Returns the nodes from which {@code node} can be reached, {@code node} itself excluded. */
  public boolean[] upstream(int node) {
    boolean[] seen = walk(node, true);
    seen[node] = false;
    return seen;
  }

  private boolean[] walk(int start, boolean backwards) {
    boolean[] seen = new boolean[nodes.size()];
    int[] queue = new int[nodes.size()];
    int head = 0;
    int tail = 0;
    seen[start] = true;
    queue[tail++] = start;
    while (head < tail) {
      int current = queue[head++];
      for (int e : backwards ? incoming[current] : outgoing[current]) {
        int next = backwards ? sources[e] : targets[e];
        if (!seen[next]) {
          seen[next] = true;
          queue[tail++] = next;
        }
      }
    }
    return seen;
  }

  /**
   * Returns the nodes in a topological order; nodes on or behind a cycle are left out. The order is
   * the one of repeated passes over the nodes in declaration order, each pass taking every node
   * whose predecessors are all taken already: a node comes in pass {@code p}, the largest over its
   * predecessors {@code u} of {@code pass(u)}, plus one when {@code u} is declared after it. Nodes
   * are sorted by pass, then by declaration order.
   */
  public List<Integer> topologicalOrder() {
    int n = nodes.size();
    int[] remaining = new int[n];
    for (int i = 0; i < n; i++) {
      remaining[i] = incoming[i].length;
    }
    int[] pass = new int[n];
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < n; i++) {
      if (remaining[i] == 0) {
        queue[tail++] = i;
      }
    }
    while (head < tail) {
      int u = queue[head++];
      for (int e : outgoing[u]) {
        int v = targets[e];
        pass[v] = Math.max(pass[v], pass[u] + (u > v ? 1 : 0));
        if (--remaining[v] == 0) {
          queue[tail++] = v;
        }
      }
    }
    int[] perPass = new int[n + 1];
    for (int k = 0; k < tail; k++) {
      perPass[pass[queue[k]]]++;
    }
    int[] start = new int[n + 2];
    for (int p = 0; p <= n; p++) {
      start[p + 1] = start[p] + perPass[p];
    }
    boolean[] ordered = new boolean[n];
    for (int k = 0; k < tail; k++) {
      ordered[queue[k]] = true;
    }
    Integer[] order = new Integer[tail];
    for (int i = 0; i < n; i++) {
      if (ordered[i]) {
        order[start[pass[i]]++] = i;
      }
    }
    return List.of(order);
  }

  /**
   * Returns, for every edge, whether it lies on a cycle (a self-loop, or both ends in one strongly
   * connected component). Edges that name no node are not on a cycle.
   */
  public boolean[] edgesOnCycles() {
    int[] component = stronglyConnectedComponents();
    boolean[] onCycle = new boolean[edges.size()];
    for (int e = 0; e < edges.size(); e++) {
      onCycle[e] = sources[e] >= 0 && component[sources[e]] == component[targets[e]];
    }
    return onCycle;
  }

  /** Tarjan's algorithm without recursion; returns the component number of every node. */
  private int[] stronglyConnectedComponents() {
    int n = nodes.size();
    int[] index = new int[n];
    int[] low = new int[n];
    int[] component = new int[n];
    int[] nextChild = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    int[] stack = new int[n];
    int stackSize = 0;
    int[] callStack = new int[n];
    int counter = 0;
    int components = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      int depth = 0;
      callStack[depth++] = root;
      index[root] = low[root] = counter++;
      stack[stackSize++] = root;
      onStack[root] = true;
      while (depth > 0) {
        int v = callStack[depth - 1];
        if (nextChild[v] < outgoing[v].length) {
          int w = targets[outgoing[v][nextChild[v]++]];
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack[stackSize++] = w;
            onStack[w] = true;
            callStack[depth++] = w;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
        } else {
          depth--;
          if (depth > 0) {
            int parent = callStack[depth - 1];
            low[parent] = Math.min(low[parent], low[v]);
          }
          if (low[v] == index[v]) {
            int w;
            do {
              w = stack[--stackSize];
              onStack[w] = false;
              component[w] = components;
            } while (w != v);
            components++;
          }
        }
      }
    }
    return component;
  }
}

package io.flowd.model.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Where one run of a graph stands: every edge is unsettled, taken or not taken, every node waiting,
 * running, done or skipped. The interpreter and resume both move it by the same rules:
 *
 * <ul>
 *   <li>A node that finished leaves by a handle (see {@link Handles}): the outgoing edges with that
 *       handle are taken, all others not taken.
 *   <li>A node that failed for good with {@code continue_on_error} leaves by {@code "error"};
 *       without it, the run fails and the state stays as it was.
 *   <li>A node is ready once all its incoming edges are settled: when some are taken it runs,
 *       otherwise it is skipped and its outgoing edges are not taken, which lets joins after an
 *       untaken branch go on.
 * </ul>
 *
 * <p>{@link #nextToRun()} hands out ready nodes in passes over the declaration order, so the order
 * in which nodes start depends only on the graph and on the order of the calls, never on a hash.
 * Pure Java: no Temporal, no database.
 */
public final class RunState {
  /** The state of one edge. */
  public enum EdgeState {
    UNSETTLED,
    TAKEN,
    NOT_TAKEN
  }

  /** The state of one node. */
  public enum NodeState {
    WAITING,
    RUNNING,
    DONE,
    SKIPPED
  }

  /**
   * How an upstream node of a resumed run ended in the run it resumes.
   *
   * @param ran whether it finished (else it was skipped)
   * @param handle the handle it left by when it ran
   */
  public record Prior(boolean ran, String handle) {
    private static final Prior SKIPPED = new Prior(false, null);

    /** The node was skipped. */
    public static Prior skipped() {
      return SKIPPED;
    }

    /** The node finished and left by {@code handle} ({@code null} for plain edges). */
    public static Prior leftBy(String handle) {
      return new Prior(true, handle);
    }
  }

  /** Tells {@link #resumeAt} how the old run ended each upstream node. */
  @FunctionalInterface
  public interface PriorRun {
    /**
     * Returns how {@code node} ended in the old run.
     *
     * @param reached whether the node is the trigger or one of its incoming edges is taken, that is
     *     whether the rules would have run it
     */
    Prior of(int node, boolean reached);
  }

  private final GraphIndex index;
  private final EdgeState[] edges;
  private final NodeState[] nodes;
  private final int[] unsettledIn;
  private final int[] takenIn;
  private final BitSet ready = new BitSet();
  private int cursor;

  /** Creates the state of a run that has not started: every edge unsettled, every node waiting. */
  public RunState(GraphIndex index) {
    this.index = index;
    this.edges = new EdgeState[index.edgeCount()];
    this.nodes = new NodeState[index.nodeCount()];
    Arrays.fill(edges, EdgeState.UNSETTLED);
    Arrays.fill(nodes, NodeState.WAITING);
    this.unsettledIn = new int[nodes.length];
    this.takenIn = new int[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      unsettledIn[i] = index.incoming(i).length;
      if (unsettledIn[i] == 0) {
        ready.set(i);
      }
    }
  }

  /** Returns the graph's index. */
  public GraphIndex index() {
    return index;
  }

  /** Returns the state of edge {@code edge}. */
  public EdgeState edge(int edge) {
    return edges[edge];
  }

  /** Returns the state of node {@code node}. */
  public NodeState node(int node) {
    return nodes[node];
  }

  /**
   * Returns the waiting nodes whose incoming edges are all settled, in declaration order, without
   * changing anything.
   */
  public List<Integer> readyNodes() {
    List<Integer> result = new ArrayList<>();
    for (int i = ready.nextSetBit(0); i >= 0; i = ready.nextSetBit(i + 1)) {
      result.add(i);
    }
    return result;
  }

  /**
   * Returns the next ready node to run and marks it running; ready nodes with no taken incoming
   * edge met on the way are skipped. Nodes come in passes over the declaration order: the search
   * goes on after the node last returned, and starts a new pass at the first node when nothing
   * after it is ready. A node that became ready after the pass went by comes in the next pass.
   *
   * @return the node's position, or -1 when no node is ready (the next call starts a new pass)
   */
  public int nextToRun() {
    while (true) {
      int i = ready.nextSetBit(cursor);
      if (i < 0 && cursor > 0) {
        i = ready.nextSetBit(0);
      }
      if (i < 0) {
        cursor = 0;
        return -1;
      }
      cursor = i + 1;
      if (takenIn[i] == 0) {
        skip(i);
      } else {
        setNode(i, NodeState.RUNNING);
        return i;
      }
    }
  }

  /**
   * Returns the first predecessor (in declaration order) over a taken edge, whose output is the
   * node's input, or -1 when no incoming edge is taken.
   */
  public int firstTakenPredecessor(int node) {
    int first = -1;
    for (int e : index.incoming(node)) {
      if (edges[e] == EdgeState.TAKEN) {
        int source = index.source(e);
        if (first < 0 || source < first) {
          first = source;
        }
      }
    }
    return first;
  }

  /** Returns whether one of the node's incoming edges is taken. */
  public boolean anyIncomingTaken(int node) {
    return takenIn[node] > 0;
  }

  /**
   * Marks the node done: its outgoing edges with {@code handle} are taken, the others not.
   *
   * @param handle the handle the node left by, {@code null} for plain edges
   */
  public void complete(int node, String handle) {
    setNode(node, NodeState.DONE);
    for (int e : index.outgoing(node)) {
      settle(
          e,
          Handles.takes(handle, index.edge(e).sourceHandle())
              ? EdgeState.TAKEN
              : EdgeState.NOT_TAKEN);
    }
  }

  /**
   * Handles a node that failed for good: with {@code continue_on_error} it is done and leaves by
   * {@code "error"}; without, nothing changes and the run must fail.
   *
   * @return whether the run goes on
   */
  public boolean fail(int node) {
    String handle = Handles.ofFailure(index.node(node).settings());
    if (handle == null) {
      return false;
    }
    complete(node, handle);
    return true;
  }

  /** Marks the node skipped; its outgoing edges are not taken. */
  public void skip(int node) {
    setNode(node, NodeState.SKIPPED);
    for (int e : index.outgoing(node)) {
      settle(e, EdgeState.NOT_TAKEN);
    }
  }

  /**
   * Puts a run that resumes at {@code from} into the state the old run left upstream of it. Every
   * node upstream of {@code from} is visited in topological order, after its predecessors, and is
   * done or skipped as {@code prior} says; then the edges from upstream nodes into nodes that
   * neither lead to {@code from} nor follow it are not taken, so side branches the old run already
   * ran are skipped.
   */
  public void resumeAt(int from, PriorRun prior) {
    boolean[] upstream = index.upstream(from);
    boolean[] downstream = index.downstream(from);
    for (int i : index.topologicalOrder()) {
      if (!upstream[i]) {
        continue;
      }
      Prior outcome = prior.of(i, index.isTrigger(i) || takenIn[i] > 0);
      if (outcome.ran()) {
        complete(i, outcome.handle());
      } else {
        skip(i);
      }
    }
    for (int e = 0; e < edges.length; e++) {
      if (index.connects(e)
          && upstream[index.source(e)]
          && !upstream[index.target(e)]
          && !downstream[index.target(e)]) {
        settle(e, EdgeState.NOT_TAKEN);
      }
    }
  }

  private void setNode(int node, NodeState state) {
    nodes[node] = state;
    if (state != NodeState.WAITING) {
      ready.clear(node);
    }
  }

  private void settle(int edge, EdgeState state) {
    EdgeState old = edges[edge];
    if (old == state) {
      return;
    }
    edges[edge] = state;
    int target = index.target(edge);
    if (old == EdgeState.TAKEN) {
      takenIn[target]--;
    }
    if (state == EdgeState.TAKEN) {
      takenIn[target]++;
    }
    if (old == EdgeState.UNSETTLED
        && --unsettledIn[target] == 0
        && nodes[target] == NodeState.WAITING) {
      ready.set(target);
    }
  }
}

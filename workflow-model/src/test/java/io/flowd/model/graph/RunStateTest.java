package io.flowd.model.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Edge;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.graph.RunState.EdgeState;
import io.flowd.model.graph.RunState.NodeState;
import io.flowd.model.graph.RunState.Prior;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunStateTest {

  /** A tiny graph builder: nodes in declaration order, edges {@code "source>target:handle"}. */
  private static final class G {
    final List<Node> nodes = new ArrayList<>();
    final List<Edge> edges = new ArrayList<>();

    G node(String id, String type, String data) {
      nodes.add(new Node(id, type, null, (ObjectNode) Json.parse(data)));
      return this;
    }

    G trigger(String id) {
      return node(id, "trigger", "{\"componentId\":\"manual_trigger\"}");
    }

    G action(String id) {
      return node(id, "action", "{\"componentId\":\"data_mapper\"}");
    }

    G tolerant(String id) {
      return node(id, "action", "{\"componentId\":\"webhook\",\"continue_on_error\":true}");
    }

    G condition(String id) {
      return node(id, "condition", "{\"componentId\":\"string_condition\"}");
    }

    G edge(String source, String target) {
      return edge(source, target, null);
    }

    G edge(String source, String target, String handle) {
      edges.add(new Edge("e" + edges.size(), source, target, handle));
      return this;
    }

    RunState state() {
      return new RunState(GraphIndex.of(new Graph(nodes, edges)));
    }
  }

  private static int id(RunState state, String nodeId) {
    return state.index().indexOf(nodeId);
  }

  private static String nameOf(RunState state, int node) {
    return node < 0 ? null : state.index().node(node).id();
  }

  /** Takes nodes from {@link RunState#nextToRun} until none is ready; returns their ids. */
  private static List<String> drain(RunState state) {
    List<String> started = new ArrayList<>();
    for (int i = state.nextToRun(); i >= 0; i = state.nextToRun()) {
      started.add(nameOf(state, i));
    }
    return started;
  }

  private static void complete(RunState state, String nodeId, String handle) {
    state.complete(id(state, nodeId), handle);
  }

  private static NodeState node(RunState state, String nodeId) {
    return state.node(id(state, nodeId));
  }

  @Test
  void diamond_join_after_a_skipped_branch_runs_with_the_taken_branch_as_input() {
    RunState state =
        new G()
            .trigger("n1")
            .condition("n2")
            .action("n3")
            .action("n4")
            .action("n5")
            .edge("n1", "n2")
            .edge("n2", "n3", "true")
            .edge("n2", "n4", "false")
            .edge("n3", "n5")
            .edge("n4", "n5")
            .state();

    complete(state, "n1", null);
    assertThat(drain(state)).containsExactly("n2");
    complete(state, "n2", "true");
    assertThat(drain(state)).containsExactly("n3");
    assertThat(node(state, "n4")).isEqualTo(NodeState.SKIPPED);
    assertThat(state.edge(4)).isEqualTo(EdgeState.NOT_TAKEN);
    assertThat(node(state, "n5")).isEqualTo(NodeState.WAITING);
    complete(state, "n3", null);
    assertThat(drain(state)).containsExactly("n5");
    assertThat(nameOf(state, state.firstTakenPredecessor(id(state, "n5")))).isEqualTo("n3");
  }

  @Test
  void a_join_whose_every_branch_was_skipped_is_skipped_too() {
    RunState state =
        new G()
            .trigger("n1")
            .condition("c")
            .action("yes")
            .action("after")
            .action("last")
            .edge("n1", "c")
            .edge("c", "yes", "true")
            .edge("yes", "after")
            .edge("after", "last")
            .state();

    complete(state, "n1", null);
    drain(state);
    complete(state, "c", "false");

    assertThat(drain(state)).isEmpty();
    assertThat(node(state, "yes")).isEqualTo(NodeState.SKIPPED);
    assertThat(node(state, "after")).isEqualTo(NodeState.SKIPPED);
    assertThat(node(state, "last")).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void a_condition_takes_only_the_edges_of_its_result() {
    RunState state =
        new G()
            .trigger("n1")
            .condition("c")
            .action("t1")
            .action("f1")
            .action("t2")
            .edge("n1", "c")
            .edge("c", "t1", "true")
            .edge("c", "f1", "false")
            .edge("c", "t2", "true")
            .state();
    complete(state, "n1", null);
    drain(state);

    complete(state, "c", "false");

    assertThat(drain(state)).containsExactly("f1");
    assertThat(node(state, "t1")).isEqualTo(NodeState.SKIPPED);
    assertThat(node(state, "t2")).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void a_switch_takes_the_edges_of_its_case_or_default() {
    G graph =
        new G()
            .trigger("n1")
            .condition("s")
            .action("gold")
            .action("silver")
            .action("other")
            .edge("n1", "s")
            .edge("s", "gold", "gold")
            .edge("s", "silver", "silver")
            .edge("s", "other", "default");
    RunState silver = graph.state();
    complete(silver, "n1", null);
    drain(silver);
    complete(silver, "s", "silver");
    RunState none = graph.state();
    complete(none, "n1", null);
    drain(none);
    complete(none, "s", "default");

    assertThat(drain(silver)).containsExactly("silver");
    assertThat(drain(none)).containsExactly("other");
  }

  @Test
  void a_plain_success_takes_only_plain_edges() {
    RunState state =
        new G()
            .trigger("n1")
            .tolerant("w")
            .action("ok")
            .action("handled")
            .edge("n1", "w")
            .edge("w", "ok")
            .edge("w", "handled", "error")
            .state();
    complete(state, "n1", null);
    drain(state);

    complete(state, "w", null);

    assertThat(drain(state)).containsExactly("ok");
    assertThat(node(state, "handled")).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void a_failure_with_continue_on_error_takes_only_the_error_edges() {
    RunState state =
        new G()
            .trigger("n1")
            .tolerant("w")
            .action("ok")
            .action("handled")
            .edge("n1", "w")
            .edge("w", "ok")
            .edge("w", "handled", "error")
            .state();
    complete(state, "n1", null);
    drain(state);

    boolean goesOn = state.fail(id(state, "w"));

    assertThat(goesOn).isTrue();
    assertThat(node(state, "w")).isEqualTo(NodeState.DONE);
    assertThat(drain(state)).containsExactly("handled");
    assertThat(node(state, "ok")).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void a_failure_without_continue_on_error_fails_the_run_and_changes_nothing() {
    RunState state =
        new G().trigger("n1").action("a").action("b").edge("n1", "a").edge("a", "b").state();
    complete(state, "n1", null);
    drain(state);

    boolean goesOn = state.fail(id(state, "a"));

    assertThat(goesOn).isFalse();
    assertThat(node(state, "a")).isEqualTo(NodeState.RUNNING);
    assertThat(state.edge(1)).isEqualTo(EdgeState.UNSETTLED);
    assertThat(state.readyNodes()).isEmpty();
  }

  @Test
  void parallel_branches_are_ready_together_in_declaration_order_and_join_once_both_end() {
    RunState state =
        new G()
            .trigger("n1")
            .action("join")
            .action("b")
            .action("a")
            .edge("n1", "a")
            .edge("n1", "b")
            .edge("a", "join")
            .edge("b", "join")
            .state();
    complete(state, "n1", null);

    assertThat(state.readyNodes()).containsExactly(id(state, "b"), id(state, "a"));
    assertThat(drain(state)).containsExactly("b", "a");
    complete(state, "a", null);
    assertThat(drain(state)).isEmpty();
    complete(state, "b", null);
    assertThat(drain(state)).containsExactly("join");
    assertThat(nameOf(state, state.firstTakenPredecessor(id(state, "join")))).isEqualTo("b");
  }

  @Test
  void a_node_made_ready_behind_the_pass_comes_in_the_next_pass() {
    // Declared: x, n1, p, y. p runs and finishes at once; x (before p) comes after y (after p).
    RunState state =
        new G()
            .action("x")
            .trigger("n1")
            .action("p")
            .action("y")
            .edge("n1", "p")
            .edge("p", "x")
            .edge("p", "y")
            .state();
    complete(state, "n1", null);
    List<String> order = new ArrayList<>();
    for (int i = state.nextToRun(); i >= 0; i = state.nextToRun()) {
      order.add(nameOf(state, i));
      if (nameOf(state, i).equals("p")) {
        state.complete(i, null);
      }
    }

    assertThat(order).containsExactly("p", "y", "x");
  }

  /** n1 → n2 (condition) → n3 (true) / n4 (false) → n5 (join); n1 → s1 is a side branch. */
  private static G diamondWithSideBranch() {
    return new G()
        .trigger("n1")
        .condition("n2")
        .action("n3")
        .action("n4")
        .action("n5")
        .action("s1")
        .action("s2")
        .edge("n1", "n2")
        .edge("n2", "n3", "true")
        .edge("n2", "n4", "false")
        .edge("n3", "n5")
        .edge("n4", "n5")
        .edge("n1", "s1")
        .edge("s1", "s2");
  }

  @Test
  void resume_from_a_join_restores_upstream_skips_the_untaken_branch_and_side_branches() {
    RunState state = diamondWithSideBranch().state();
    Map<String, Boolean> reached = new LinkedHashMap<>();

    state.resumeAt(
        id(state, "n5"),
        (node, wasReached) -> {
          String nodeId = nameOf(state, node);
          reached.put(nodeId, wasReached);
          return switch (nodeId) {
            case "n1", "n3" -> Prior.leftBy(null);
            case "n2" -> Prior.leftBy("true");
            default -> Prior.skipped();
          };
        });

    assertThat(reached)
        .containsExactly(
            Map.entry("n1", true),
            Map.entry("n2", true),
            Map.entry("n3", true),
            Map.entry("n4", false));
    assertThat(node(state, "n4")).isEqualTo(NodeState.SKIPPED);
    assertThat(drain(state)).containsExactly("n5");
    assertThat(node(state, "s1")).isEqualTo(NodeState.SKIPPED);
    assertThat(node(state, "s2")).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void resume_from_a_node_runs_what_follows_it() {
    RunState state = diamondWithSideBranch().state();

    state.resumeAt(
        id(state, "n3"),
        (node, reached) ->
            nameOf(state, node).equals("n2") ? Prior.leftBy("true") : Prior.leftBy(null));

    assertThat(drain(state)).containsExactly("n3");
    complete(state, "n3", null);
    assertThat(drain(state)).containsExactly("n5");
    assertThat(node(state, "n4")).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void resume_where_no_taken_edge_leads_to_the_node_leaves_it_without_a_taken_edge() {
    RunState state = diamondWithSideBranch().state();

    state.resumeAt(
        id(state, "n4"),
        (node, reached) ->
            nameOf(state, node).equals("n2") ? Prior.leftBy("true") : Prior.leftBy(null));

    assertThat(state.anyIncomingTaken(id(state, "n4"))).isFalse();
    assertThat(drain(state)).isEmpty();
    assertThat(node(state, "n4")).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void next_to_run_starts_nodes_in_the_order_of_the_interpreter_before_the_index() {
    Random random = new Random(4);
    for (int round = 0; round < 400; round++) {
      Graph graph = withHandles(GraphIndexTest.randomDag(random, 2 + random.nextInt(25)), random);
      long seed = random.nextLong();
      assertThat(simulate(new NewEngine(graph), graph, seed))
          .as("round %d", round)
          .isEqualTo(simulate(new OldEngine(graph), graph, seed));
    }
  }

  @Test
  void resume_at_settles_like_the_resume_plan_before_the_index() {
    Random random = new Random(6);
    for (int round = 0; round < 300; round++) {
      Graph graph = withHandles(GraphIndexTest.randomDag(random, 2 + random.nextInt(25)), random);
      GraphIndex index = GraphIndex.of(graph);
      int from = random.nextInt(index.nodeCount());
      long seed = random.nextLong();
      RunState.PriorRun prior =
          (node, reached) -> {
            if (!reached) {
              return Prior.skipped();
            }
            String[] handles = {null, "true", "false", "error"};
            return Prior.leftBy(handles[new Random(seed + node).nextInt(handles.length)]);
          };
      RunState state = new RunState(index);
      state.resumeAt(from, prior);
      OldEngine old = new OldEngine(graph);
      old.resumeAt(from, prior);

      for (int e = 0; e < index.edgeCount(); e++) {
        assertThat(state.edge(e)).as("round %d edge %d", round, e).isEqualTo(old.edges[e]);
      }
      for (int i = 0; i < index.nodeCount(); i++) {
        assertThat(state.node(i)).as("round %d node %d", round, i).isEqualTo(old.nodes[i]);
      }
    }
  }

  /** Gives some edges handles, so conditions and error edges are exercised. */
  private static Graph withHandles(Graph graph, Random random) {
    List<Edge> edges = new ArrayList<>();
    String[] handles = {null, null, "true", "false", "error"};
    for (Edge e : graph.edges()) {
      edges.add(new Edge(e.id(), e.source(), e.target(), handles[random.nextInt(handles.length)]));
    }
    List<Node> nodes = new ArrayList<>();
    for (Node n : graph.nodes()) {
      nodes.add(
          n.type().equals("trigger") || random.nextBoolean()
              ? n
              : new Node(
                  n.id(),
                  n.type(),
                  null,
                  (ObjectNode) Json.parse("{\"componentId\":\"x\",\"continue_on_error\":true}")));
    }
    return new Graph(nodes, edges);
  }

  /** The two engines under the same interpreter loop. */
  private interface Engine {
    void complete(int node, String handle);

    boolean fail(int node);

    /** Runs one advance: starts ready nodes, calling {@code start} for each, in order. */
    void advance(java.util.function.IntConsumer start);
  }

  private static final class NewEngine implements Engine {
    final RunState state;

    NewEngine(Graph graph) {
      state = new RunState(GraphIndex.of(graph));
    }

    @Override
    public void complete(int node, String handle) {
      state.complete(node, handle);
    }

    @Override
    public boolean fail(int node) {
      return state.fail(node);
    }

    @Override
    public void advance(java.util.function.IntConsumer start) {
      for (int i = state.nextToRun(); i >= 0; i = state.nextToRun()) {
        start.accept(i);
      }
    }
  }

  /** The interpreter's edge settling and sweep as they were written before {@link RunState}. */
  private static final class OldEngine implements Engine {
    final Graph graph;
    final GraphIndex index;
    final EdgeState[] edges;
    final NodeState[] nodes;

    OldEngine(Graph graph) {
      this.graph = graph;
      this.index = GraphIndex.of(graph);
      this.edges = new EdgeState[graph.edges().size()];
      this.nodes = new NodeState[graph.nodes().size()];
      Arrays.fill(edges, EdgeState.UNSETTLED);
      Arrays.fill(nodes, NodeState.WAITING);
    }

    @Override
    public void complete(int node, String handle) {
      nodes[node] = NodeState.DONE;
      for (int e : index.outgoing(node)) {
        String h = graph.edges().get(e).sourceHandle();
        boolean taken = handle == null ? h == null : handle.equals(h);
        edges[e] = taken ? EdgeState.TAKEN : EdgeState.NOT_TAKEN;
      }
    }

    @Override
    public boolean fail(int node) {
      if (!graph.nodes().get(node).settings().continueOnError()) {
        return false;
      }
      nodes[node] = NodeState.DONE;
      for (int e : index.outgoing(node)) {
        edges[e] =
            "error".equals(graph.edges().get(e).sourceHandle())
                ? EdgeState.TAKEN
                : EdgeState.NOT_TAKEN;
      }
      return true;
    }

    @Override
    public void advance(java.util.function.IntConsumer start) {
      boolean changed = true;
      while (changed) {
        changed = false;
        for (int i = 0; i < nodes.length; i++) {
          if (nodes[i] != NodeState.WAITING || !allSettled(i)) {
            continue;
          }
          changed = true;
          if (!anyTaken(i)) {
            nodes[i] = NodeState.SKIPPED;
            for (int e : index.outgoing(i)) {
              edges[e] = EdgeState.NOT_TAKEN;
            }
          } else {
            nodes[i] = NodeState.RUNNING;
            start.accept(i);
          }
        }
      }
    }

    /** The resume plan as it was: upstream nodes in topological order, then side edges. */
    void resumeAt(int from, RunState.PriorRun prior) {
      boolean[] upstream = index.upstream(from);
      boolean[] downstream = index.downstream(from);
      for (int i : index.topologicalOrder()) {
        if (!upstream[i]) {
          continue;
        }
        Prior outcome = prior.of(i, index.isTrigger(i) || anyTaken(i));
        if (outcome.ran()) {
          complete(i, outcome.handle());
        } else {
          nodes[i] = NodeState.SKIPPED;
          for (int e : index.outgoing(i)) {
            edges[e] = EdgeState.NOT_TAKEN;
          }
        }
      }
      for (int e = 0; e < edges.length; e++) {
        int target = index.target(e);
        if (upstream[index.source(e)] && !upstream[target] && !downstream[target]) {
          edges[e] = EdgeState.NOT_TAKEN;
        }
      }
    }

    private boolean allSettled(int node) {
      for (int e : index.incoming(node)) {
        if (edges[e] == EdgeState.UNSETTLED) {
          return false;
        }
      }
      return true;
    }

    private boolean anyTaken(int node) {
      for (int e : index.incoming(node)) {
        if (edges[e] == EdgeState.TAKEN) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Drives an engine like the interpreter does: the trigger completes, then rounds of advance and
   * completions; each node's behaviour (finish at once or later, succeed with which handle, fail)
   * is drawn from the seed and the node, so both engines see the same choices. Returns the events.
   */
  private static List<String> simulate(Engine engine, Graph graph, long seed) {
    GraphIndex index = GraphIndex.of(graph);
    List<String> events = new ArrayList<>();
    int trigger = index.triggers().get(0);
    engine.complete(trigger, null);
    List<Integer> running = new ArrayList<>();
    int[] delay = new int[index.nodeCount()];
    try {
      while (true) {
        engine.advance(
            i -> {
              Random r = new Random(seed * 31 + i);
              events.add("start " + i);
              delay[i] = r.nextInt(3);
              if (delay[i] == 0) {
                finish(engine, events, i, r);
              } else {
                running.add(i);
              }
            });
        if (running.isEmpty()) {
          break;
        }
        int soonest = running.stream().mapToInt(i -> delay[i]).min().orElseThrow();
        List<Integer> done = running.stream().filter(i -> delay[i] == soonest).sorted().toList();
        for (int i : running) {
          delay[i] -= soonest;
        }
        running.removeAll(done);
        for (int i : done) {
          Random r = new Random(seed * 31 + i);
          r.nextInt(3);
          finish(engine, events, i, r);
        }
      }
    } catch (IllegalStateException failed) {
      events.add(failed.getMessage());
    }
    return events;
  }

  private static void finish(Engine engine, List<String> events, int node, Random r) {
    int outcome = r.nextInt(5);
    if (outcome == 4) {
      events.add("fail " + node);
      if (!engine.fail(node)) {
        throw new IllegalStateException("run failed at " + node);
      }
      return;
    }
    String handle = outcome == 0 ? "true" : outcome == 1 ? "false" : null;
    events.add("done " + node + " " + handle);
    engine.complete(node, handle);
  }
}

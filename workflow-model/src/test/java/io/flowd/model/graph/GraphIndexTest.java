package io.flowd.model.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Edge;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GraphIndexTest {

  static Node node(String id, String type) {
    return new Node(id, type, null, (ObjectNode) Json.parse("{\"componentId\":\"x\"}"));
  }

  /** n1 → a, n1 → b, a → j, b → j; j declared first. */
  private static Graph diamond() {
    return new Graph(
        List.of(
            node("j", "action"), node("n1", "trigger"), node("b", "action"), node("a", "action")),
        List.of(
            new Edge("e1", "n1", "a", null),
            new Edge("e2", "n1", "b", null),
            new Edge("e3", "b", "j", null),
            new Edge("e4", "a", "j", null)));
  }

  @Test
  void edges_are_listed_per_node_in_declaration_order() {
    GraphIndex index = GraphIndex.of(diamond());

    assertThat(index.indexOf("n1")).isEqualTo(1);
    assertThat(index.indexOf("nope")).isEqualTo(-1);
    assertThat(index.outgoing(1)).containsExactly(0, 1);
    assertThat(index.incoming(0)).containsExactly(2, 3);
    assertThat(index.predecessors(0)).containsExactly(2, 3);
    assertThat(index.successors(1)).containsExactly(3, 2);
    assertThat(index.triggers()).containsExactly(1);
  }

  @Test
  void upstream_excludes_the_node_and_downstream_includes_it() {
    GraphIndex index = GraphIndex.of(diamond());

    assertThat(index.upstream(0)).containsExactly(false, true, true, true);
    assertThat(index.upstream(3)).containsExactly(false, true, false, false);
    assertThat(index.downstream(2)).containsExactly(true, false, true, false);
  }

  @Test
  void topological_order_takes_passes_over_the_declaration_order() {
    // Pass 0 takes n1 (index 1), then b (2) and a (3); j (0) comes in pass 1.
    assertThat(GraphIndex.of(diamond()).topologicalOrder()).containsExactly(1, 2, 3, 0);
  }

  @Test
  void edges_naming_no_node_are_left_out_and_duplicate_ids_name_the_first_node() {
    Graph graph =
        new Graph(
            List.of(node("n1", "trigger"), node("a", "action"), node("a", "action")),
            List.of(new Edge("e1", "n1", "a", null), new Edge("e2", "n1", "ghost", null)));
    GraphIndex index = GraphIndex.of(graph);

    assertThat(index.indexOf("a")).isEqualTo(1);
    assertThat(index.connects(1)).isFalse();
    assertThat(index.source(1)).isEqualTo(-1);
    assertThat(index.outgoing(0)).containsExactly(0);
    assertThat(index.incoming(2)).isEmpty();
  }

  @Test
  void cycles_and_self_loops_are_found_and_left_out_of_the_topological_order() {
    Graph graph =
        new Graph(
            List.of(
                node("n1", "trigger"),
                node("a", "action"),
                node("b", "action"),
                node("c", "action")),
            List.of(
                new Edge("e1", "n1", "a", null),
                new Edge("e2", "a", "b", null),
                new Edge("e3", "b", "a", null),
                new Edge("e4", "n1", "c", null),
                new Edge("e5", "c", "c", null)));
    GraphIndex index = GraphIndex.of(graph);

    assertThat(index.edgesOnCycles()).containsExactly(false, true, true, false, true);
    assertThat(index.topologicalOrder()).containsExactly(0);
  }

  @Test
  void topological_order_equals_repeated_sweeps_on_random_graphs() {
    Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      Graph graph = randomDag(random, 1 + random.nextInt(30));
      assertThat(GraphIndex.of(graph).topologicalOrder()).isEqualTo(sweepOrder(graph));
    }
  }

  /** A random DAG: edges go from lower to higher rank; ranks are shuffled against declaration. */
  static Graph randomDag(Random random, int size) {
    List<Integer> rank = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      rank.add(i);
    }
    java.util.Collections.shuffle(rank, random);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nodes.add(node("n" + i, rank.get(i) == 0 ? "trigger" : "action"));
    }
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        if (rank.get(i) < rank.get(j) && random.nextInt(size) < 3) {
          edges.add(new Edge("e" + edges.size(), "n" + i, "n" + j, null));
        }
      }
    }
    java.util.Collections.shuffle(edges, random);
    return new Graph(nodes, edges);
  }

  /** The quadratic order the interpreter's resume used before the index: repeated sweeps. */
  private static List<Integer> sweepOrder(Graph graph) {
    int n = graph.nodes().size();
    GraphIndex index = GraphIndex.of(graph);
    int[] indegree = new int[n];
    for (int e = 0; e < graph.edges().size(); e++) {
      indegree[index.target(e)]++;
    }
    List<Integer> order = new ArrayList<>();
    boolean[] done = new boolean[n];
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int i = 0; i < n; i++) {
        if (!done[i] && indegree[i] == 0) {
          done[i] = true;
          order.add(i);
          progress = true;
          for (int e : index.outgoing(i)) {
            indegree[index.target(e)]--;
          }
        }
      }
    }
    return order;
  }
}

package io.flowd.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Edge;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.Node;
import io.flowd.model.ValidationError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphValidatorTest {

  private final GraphValidator validator = new GraphValidator(new TestCatalog());

  private static Node trigger(String id) {
    return node(id, "trigger", "{\"componentId\": \"manual_trigger\"}");
  }

  private static Node action(String id) {
    return node(id, "action", "{\"componentId\": \"webhook\", \"url\": \"https://x.test\"}");
  }

  private static Node condition(String id) {
    return node(
        id,
        "condition",
        "{\"componentId\": \"string_condition\", \"left\": \"a\", \"operator\": \"equals\","
            + " \"right\": \"a\"}");
  }

  private static Node node(String id, String type, String data) {
    return new Node(id, type, null, (ObjectNode) Json.parse(data));
  }

  private static Edge edge(String id, String source, String target) {
    return new Edge(id, source, target, null);
  }

  private static Edge edge(String id, String source, String target, String handle) {
    return new Edge(id, source, target, handle);
  }

  private List<ValidationError> validate(List<Node> nodes, List<Edge> edges) {
    return validator.validate(new Graph(nodes, edges));
  }

  private static List<String> codes(List<ValidationError> errors) {
    return errors.stream().map(ValidationError::code).toList();
  }

  @Test
  void linear_graph_is_valid() {
    assertThat(validate(List.of(trigger("n1"), action("n2")), List.of(edge("e1", "n1", "n2"))))
        .isEmpty();
  }

  @Test
  void diamond_graph_is_valid() {
    List<Node> nodes =
        List.of(trigger("n1"), condition("n2"), action("n3"), action("n4"), action("n5"));
    List<Edge> edges =
        List.of(
            edge("e1", "n1", "n2"),
            edge("e2", "n2", "n3", "true"),
            edge("e3", "n2", "n4", "false"),
            edge("e4", "n3", "n5"),
            edge("e5", "n4", "n5"));
    assertThat(validate(nodes, edges)).isEmpty();
  }

  @Test
  void empty_graph_has_no_trigger() {
    List<ValidationError> errors = validate(List.of(), List.of());
    assertThat(errors).containsExactly(errors.get(0));
    assertThat(errors.get(0).code()).isEqualTo("trigger_count");
    assertThat(errors.get(0).path()).isEqualTo("nodes");
    assertThat(errors.get(0).message()).contains("0");
  }

  @Test
  void two_triggers_are_a_trigger_count_error() {
    List<ValidationError> errors = validate(List.of(trigger("a"), trigger("b")), List.of());
    assertThat(codes(errors)).containsExactly("trigger_count");
    assertThat(errors.get(0).message()).contains("2");
  }

  @Test
  void duplicate_node_and_edge_ids_are_reported_with_their_paths() {
    List<ValidationError> errors =
        validate(
            List.of(trigger("n1"), action("n2"), action("n2")),
            List.of(edge("e1", "n1", "n2"), edge("e1", "n1", "n2")));
    assertThat(errors)
        .filteredOn(e -> e.code().equals("duplicate_id"))
        .extracting(ValidationError::path)
        .containsExactly("nodes[2].id", "edges[1].id");
  }

  @Test
  void edge_to_a_missing_node_names_it() {
    List<ValidationError> errors =
        validate(
            List.of(trigger("n1")), List.of(edge("e1", "n1", "ghost"), edge("e2", "nope", "n1")));
    assertThat(errors)
        .filteredOn(e -> e.code().equals("unknown_node"))
        .extracting(ValidationError::path)
        .containsExactly("edges[0].target", "edges[1].source");
    assertThat(errors.get(0).message()).contains("ghost");
  }

  @Test
  void self_loop_is_reported_as_cycle() {
    List<ValidationError> errors =
        validate(
            List.of(trigger("n1"), action("n2")),
            List.of(edge("e1", "n1", "n2"), edge("e2", "n2", "n2")));
    assertThat(errors).extracting(ValidationError::code).containsExactly("cycle");
    assertThat(errors.get(0).path()).isEqualTo("edges[1]");
  }

  @Test
  void every_edge_of_a_longer_cycle_is_reported() {
    List<ValidationError> errors =
        validate(
            List.of(trigger("n1"), action("n2"), action("n3"), action("n4")),
            List.of(
                edge("e1", "n1", "n2"),
                edge("e2", "n2", "n3"),
                edge("e3", "n3", "n4"),
                edge("e4", "n4", "n2")));
    assertThat(errors)
        .extracting(ValidationError::path)
        .containsExactly("edges[1]", "edges[2]", "edges[3]");
    assertThat(codes(errors)).containsOnly("cycle");
  }

  @Test
  void node_not_reachable_from_the_trigger_is_reported() {
    List<ValidationError> errors =
        validate(
            List.of(trigger("n1"), action("n2"), action("island"), action("n4")),
            List.of(edge("e1", "n1", "n2"), edge("e2", "island", "n4")));
    assertThat(errors)
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("unreachable", "nodes[2]"),
            org.assertj.core.groups.Tuple.tuple("unreachable", "nodes[3]"));
    assertThat(errors.get(0).message()).contains("island");
  }

  @Test
  void unknown_component_is_reported_and_named() {
    List<ValidationError> errors =
        validate(
            List.of(trigger("n1"), node("n2", "action", "{\"componentId\": \"teleport\"}")),
            List.of(edge("e1", "n1", "n2")));
    assertThat(codes(errors)).containsExactly("unknown_component");
    assertThat(errors.get(0).path()).isEqualTo("nodes[1].data.componentId");
    assertThat(errors.get(0).message()).contains("teleport");
  }

  @Test
  void missing_component_id_is_unknown_component() {
    List<ValidationError> errors =
        validate(
            List.of(trigger("n1"), node("n2", "action", "{}")), List.of(edge("e1", "n1", "n2")));
    assertThat(codes(errors)).containsExactly("unknown_component");
  }

  @Test
  void node_type_differing_from_its_component_is_type_mismatch() {
    List<ValidationError> errors =
        validate(
            List.of(
                trigger("n1"),
                node("n2", "condition", "{\"componentId\": \"webhook\", \"url\": \"u\"}"),
                node("n3", "gadget", "{\"componentId\": \"webhook\", \"url\": \"u\"}")),
            List.of(edge("e1", "n1", "n2"), edge("e2", "n1", "n3")));
    assertThat(errors)
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("type_mismatch", "nodes[1].type"),
            org.assertj.core.groups.Tuple.tuple("type_mismatch", "nodes[2].type"));
  }

  @Test
  void component_config_problems_are_invalid_config() {
    List<ValidationError> errors =
        validate(
            List.of(trigger("n1"), node("n2", "action", "{\"componentId\": \"webhook\"}")),
            List.of(edge("e1", "n1", "n2")));
    assertThat(errors)
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("invalid_config", "nodes[1].data.url"));
  }

  @Test
  void common_settings_out_of_range_are_invalid_config() {
    Node bad =
        node(
            "n2",
            "action",
            "{\"componentId\": \"webhook\", \"url\": \"u\", \"timeout_seconds\": 86401,"
                + " \"retry\": {\"max_attempts\": 0, \"initial_interval_seconds\": -1,"
                + " \"backoff_coefficient\": 0.5, \"max_interval_seconds\": 31536001},"
                + " \"continue_on_error\": \"yes\"}");
    List<ValidationError> errors =
        validate(List.of(trigger("n1"), bad), List.of(edge("e1", "n1", "n2")));
    assertThat(errors)
        .extracting(ValidationError::path)
        .containsExactly(
            "nodes[1].data.timeout_seconds",
            "nodes[1].data.retry.max_attempts",
            "nodes[1].data.retry.initial_interval_seconds",
            "nodes[1].data.retry.backoff_coefficient",
            "nodes[1].data.retry.max_interval_seconds",
            "nodes[1].data.continue_on_error");
    assertThat(codes(errors)).containsOnly("invalid_config");
  }

  @Test
  void common_settings_at_their_limits_are_valid() {
    Node ok =
        node(
            "n2",
            "action",
            "{\"componentId\": \"webhook\", \"url\": \"u\", \"timeout_seconds\": 86400,"
                + " \"retry\": {\"max_attempts\": 100, \"initial_interval_seconds\": 0,"
                + " \"backoff_coefficient\": 1, \"max_interval_seconds\": 31536000},"
                + " \"continue_on_error\": false}");
    assertThat(validate(List.of(trigger("n1"), ok), List.of(edge("e1", "n1", "n2")))).isEmpty();
  }

  @Test
  void non_integer_timeout_and_non_object_retry_are_invalid_config() {
    Node bad =
        node(
            "n2",
            "action",
            "{\"componentId\": \"webhook\", \"url\": \"u\", \"timeout_seconds\": 1.5,"
                + " \"retry\": 3}");
    assertThat(validate(List.of(trigger("n1"), bad), List.of(edge("e1", "n1", "n2"))))
        .extracting(ValidationError::path)
        .containsExactly("nodes[1].data.timeout_seconds", "nodes[1].data.retry");
  }

  @Test
  void unknown_handle_on_a_condition_is_invalid_handle() {
    List<ValidationError> errors =
        validate(
            List.of(trigger("n1"), condition("n2"), action("n3")),
            List.of(edge("e1", "n1", "n2"), edge("e2", "n2", "n3", "maybe")));
    assertThat(codes(errors)).containsExactly("invalid_handle");
    assertThat(errors.get(0).path()).isEqualTo("edges[1].sourceHandle");
    assertThat(errors.get(0).message()).contains("maybe").contains("true, false");
  }

  @Test
  void condition_edge_without_a_handle_is_invalid_handle() {
    assertThat(
            codes(
                validate(
                    List.of(trigger("n1"), condition("n2"), action("n3")),
                    List.of(edge("e1", "n1", "n2"), edge("e2", "n2", "n3")))))
        .containsExactly("invalid_handle");
  }

  @Test
  void action_edge_with_a_handle_is_invalid_handle() {
    assertThat(
            codes(
                validate(
                    List.of(trigger("n1"), action("n2"), action("n3")),
                    List.of(edge("e1", "n1", "n2"), edge("e2", "n2", "n3", "true")))))
        .containsExactly("invalid_handle");
  }

  @Test
  void error_handle_needs_continue_on_error() {
    Node tolerant =
        node(
            "n2",
            "action",
            "{\"componentId\": \"webhook\", \"url\": \"u\", \"continue_on_error\": true}");
    List<Edge> edges =
        List.of(edge("e1", "n1", "n2"), edge("e2", "n2", "n3"), edge("e3", "n2", "n4", "error"));
    assertThat(validate(List.of(trigger("n1"), tolerant, action("n3"), action("n4")), edges))
        .isEmpty();
    assertThat(
            codes(
                validate(List.of(trigger("n1"), action("n2"), action("n3"), action("n4")), edges)))
        .containsExactly("invalid_handle");
  }

  @Test
  void more_than_a_thousand_nodes_is_only_too_large() {
    List<Node> nodes = new ArrayList<>();
    nodes.add(trigger("n0"));
    for (int i = 1; i <= GraphValidator.MAX_NODES; i++) {
      nodes.add(node("n" + i, "bogus", "{}"));
    }
    List<ValidationError> errors = validate(nodes, List.of());
    assertThat(errors)
        .extracting(ValidationError::code, ValidationError::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("too_large", "nodes"));
  }

  @Test
  void more_than_five_thousand_edges_is_too_large() {
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i <= GraphValidator.MAX_EDGES; i++) {
      edges.add(edge("e" + i, "n1", "n2"));
    }
    assertThat(validate(List.of(trigger("n1"), action("n2")), edges))
        .extracting(ValidationError::path)
        .containsExactly("edges");
  }

  @Test
  void thousand_node_chain_validates_quickly() {
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    nodes.add(trigger("n0"));
    for (int i = 1; i < GraphValidator.MAX_NODES; i++) {
      nodes.add(action("n" + i));
      edges.add(edge("e" + i, "n" + (i - 1), "n" + i));
    }
    for (int i = 0;
        i + 2 < GraphValidator.MAX_NODES && edges.size() < GraphValidator.MAX_EDGES;
        i++) {
      edges.add(edge("x" + i, "n" + i, "n" + (i + 2)));
    }
    long start = System.nanoTime();
    List<ValidationError> errors = validate(nodes, edges);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(errors).isEmpty();
    assertThat(millis).isLessThan(1000);
  }

  @Test
  void multiple_problems_are_all_reported_in_rule_order() {
    List<ValidationError> errors =
        validate(
            List.of(
                trigger("n1"),
                action("n1"),
                node("n3", "action", "{\"componentId\": \"nope\"}"),
                node("n4", "action", "{\"componentId\": \"webhook\"}"),
                condition("n5")),
            List.of(
                edge("e1", "n1", "n4"),
                edge("e2", "n4", "n9"),
                edge("e3", "n4", "n5"),
                edge("e4", "n5", "n5", "true"),
                edge("e5", "n5", "n4", "sideways")));
    assertThat(codes(errors))
        .containsExactly(
            "duplicate_id",
            "unknown_node",
            "cycle",
            "cycle",
            "cycle",
            "unreachable",
            "unknown_component",
            "invalid_config",
            "invalid_handle");
  }

  private static Node mapper(String id, String mappingsJson) {
    return node(
        id,
        "action",
        "{\"componentId\": \"webhook\", \"url\": \"https://x.test\", \"body\": "
            + mappingsJson
            + "}");
  }

  @Test
  void templates_and_expressions_may_read_earlier_nodes_and_the_fixed_roots() {
    List<Node> nodes =
        List.of(
            trigger("n1"),
            mapper("n2", "{\"a\": \"{{ trigger.x }} {{ run.id }} {{ workflow.id }}\"}"),
            mapper(
                "n3",
                "{\"a\": \"{{ n2.body }}\", \"b\": \"{{= $sum(n2.body.items[price > limit].price)"
                    + " + $count(n1.list) }}\", \"c\": \"{{ vault.token }}\"}"));
    assertThat(validate(nodes, List.of(edge("e1", "n1", "n2"), edge("e2", "n2", "n3")))).isEmpty();
  }

  @Test
  void a_template_reading_an_unknown_node_or_one_that_runs_later_is_refused() {
    List<Node> nodes =
        List.of(
            trigger("n1"),
            mapper("n2", "{\"a\": \"{{ unknown_node.x }}\", \"b\": \"{{ n3.body }}\"}"),
            mapper("n3", "{\"a\": \"{{= ghost.x }}\"}"));
    List<ValidationError> errors =
        validate(nodes, List.of(edge("e1", "n1", "n2"), edge("e2", "n2", "n3")));
    assertThat(codes(errors)).containsOnly("invalid_reference").hasSize(3);
    assertThat(errors.get(0).path()).isEqualTo("nodes[1].data.body.a");
    assertThat(errors.get(0).message()).contains("'unknown_node'", "not a node");
    assertThat(errors.get(1).path()).isEqualTo("nodes[1].data.body.b");
    assertThat(errors.get(1).message()).contains("'n3'", "cannot have run before");
    assertThat(errors.get(2).path()).isEqualTo("nodes[2].data.body.a");
  }

  @Test
  void
      an_expression_with_a_syntax_error_random_or_the_vault_is_refused_with_node_field_and_position() {
    List<Node> nodes =
        List.of(
            trigger("n1"),
            mapper(
                "n2",
                "{\"a\": \"{{= trigger.items[ }}\", \"b\": \"{{= 1 + $random() }}\","
                    + " \"c\": \"{{= vault.token }}\"}"));
    List<ValidationError> errors = validate(nodes, List.of(edge("e1", "n1", "n2")));
    assertThat(codes(errors))
        .containsExactly("invalid_expression", "invalid_expression", "vault_not_allowed");
    assertThat(errors.get(0).path()).isEqualTo("nodes[1].data.body.a");
    assertThat(errors.get(0).message()).startsWith("node 'n2': at position ");
    assertThat(errors.get(1).message()).contains("at position 5", "$random() is not allowed");
    assertThat(errors.get(2).message()).contains("expressions cannot read the vault");
  }
}

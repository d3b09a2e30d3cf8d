package io.flowd.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.ComponentSpec;
import io.flowd.model.Edge;
import io.flowd.model.Graph;
import io.flowd.model.Node;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.model.expression.ExpressionException;
import io.flowd.model.expression.Expressions;
import io.flowd.model.graph.GraphIndex;
import io.flowd.model.graph.Handles;
import io.flowd.model.template.Templates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a graph against every graph rule of the contract and reports all problems.
 *
 * <p>Errors come grouped by rule, in this order, and by index within a rule: {@code duplicate_id},
 * {@code unknown_node}, {@code trigger_count}, {@code cycle}, {@code unreachable}, {@code
 * type_mismatch}, {@code unknown_component}, {@code invalid_config} (with {@code unknown_field} for
 * a field of a node's data that its component and the node settings do not define), {@code
 * invalid_expression}, {@code invalid_reference}, {@code invalid_handle}. An unknown component's
 * message lists the known ones and suggests the closest. A graph past the size limits gets only
 * {@code too_large}. Validation takes time linear in the size of the graph.
 */
public final class GraphValidator {
  /** Most nodes a graph may have. */
  public static final int MAX_NODES = 1000;

  /** Most edges a graph may have. */
  public static final int MAX_EDGES = 5000;

  /** Longest timeout of one node attempt, in seconds. */
  public static final int MAX_TIMEOUT_SECONDS = 86_400;

  /** Most attempts of one node. */
  public static final int MAX_ATTEMPTS = 100;

  /** Longest interval or duration the contract accepts, in seconds (one year). */
  public static final long MAX_DURATION_SECONDS = 31_536_000L;

  /** The handle a node with {@code continue_on_error: true} may also leave by. */
  public static final String ERROR_HANDLE = Handles.ERROR;

  /** The template roots that are not node ids (besides {@code vault}). */
  private static final Set<String> FIXED_ROOTS = Set.of("trigger", "run", "workflow");

  private static final List<String> RETRY_FIELDS =
      List.of(
          "max_attempts",
          "initial_interval_seconds",
          "backoff_coefficient",
          "max_interval_seconds");

  private final ComponentCatalog catalog;

  /** Creates a validator that looks components up in {@code catalog}. */
  public GraphValidator(ComponentCatalog catalog) {
    this.catalog = catalog;
  }

  /** Returns every problem of the graph; an empty list means the graph is valid. */
  public List<ValidationError> validate(Graph graph) {
    List<Node> nodes = graph.nodes();
    List<Edge> edges = graph.edges();
    List<ValidationError> tooLarge = new ArrayList<>();
    if (nodes.size() > MAX_NODES) {
      tooLarge.add(
          new ValidationError(
              "too_large",
              "nodes",
              "a graph may have at most " + MAX_NODES + " nodes, this one has " + nodes.size()));
    }
    if (edges.size() > MAX_EDGES) {
      tooLarge.add(
          new ValidationError(
              "too_large",
              "edges",
              "a graph may have at most " + MAX_EDGES + " edges, this one has " + edges.size()));
    }
    if (!tooLarge.isEmpty()) {
      return tooLarge;
    }
    return new Run(graph).validate();
  }

  private final class Run {
    private final List<Node> nodes;
    private final List<Edge> edges;
    private final GraphIndex index;
    private final ComponentSpec[] specs;
    private final List<ValidationError> duplicates = new ArrayList<>();
    private final List<ValidationError> unknownNodes = new ArrayList<>();
    private final List<ValidationError> triggerCount = new ArrayList<>();
    private final List<ValidationError> cycles = new ArrayList<>();
    private final List<ValidationError> unreachable = new ArrayList<>();
    private final List<ValidationError> typeMismatches = new ArrayList<>();
    private final List<ValidationError> unknownComponents = new ArrayList<>();
    private final List<ValidationError> invalidConfigs = new ArrayList<>();
    private final List<ValidationError> invalidHandles = new ArrayList<>();
    private final List<ValidationError> invalidExpressions = new ArrayList<>();
    private final List<ValidationError> invalidReferences = new ArrayList<>();

    Run(Graph graph) {
      this.index = GraphIndex.of(graph);
      this.nodes = graph.nodes();
      this.edges = graph.edges();
      this.specs = new ComponentSpec[nodes.size()];
    }

    List<ValidationError> validate() {
      checkIds();
      checkEdgeEnds();
      checkTriggerAndReachability();
      checkCycles();
      for (int i = 0; i < nodes.size(); i++) {
        checkNode(i, nodes.get(i));
      }
      checkHandles();
      List<ValidationError> all = new ArrayList<>();
      all.addAll(duplicates);
      all.addAll(unknownNodes);
      all.addAll(triggerCount);
      all.addAll(cycles);
      all.addAll(unreachable);
      all.addAll(typeMismatches);
      all.addAll(unknownComponents);
      all.addAll(invalidConfigs);
      all.addAll(invalidExpressions);
      all.addAll(invalidReferences);
      all.addAll(invalidHandles);
      return all;
    }

    private void checkIds() {
      for (int i = 0; i < nodes.size(); i++) {
        String id = nodes.get(i).id();
        if (id != null && index.indexOf(id) != i) {
          duplicates.add(
              new ValidationError(
                  "duplicate_id",
                  "nodes[" + i + "].id",
                  "node id '" + id + "' is used by more than one node"));
        }
      }
      Set<String> edgeIds = new HashSet<>();
      for (int j = 0; j < edges.size(); j++) {
        String id = edges.get(j).id();
        if (id != null && !edgeIds.add(id)) {
          duplicates.add(
              new ValidationError(
                  "duplicate_id",
                  "edges[" + j + "].id",
                  "edge id '" + id + "' is used by more than one edge"));
        }
      }
    }

    private void checkEdgeEnds() {
      for (int j = 0; j < edges.size(); j++) {
        Edge edge = edges.get(j);
        checkEnd(j, "source", edge.source());
        checkEnd(j, "target", edge.target());
      }
    }

    private void checkEnd(int j, String field, String id) {
      if (index.indexOf(id) < 0) {
        unknownNodes.add(
            new ValidationError(
                "unknown_node",
                "edges[" + j + "]." + field,
                id == null
                    ? "edge " + field + " is missing"
                    : "edge " + field + " '" + id + "' is not a node of this graph"));
      }
    }

    private void checkTriggerAndReachability() {
      List<Integer> triggers = index.triggers();
      if (triggers.size() != 1) {
        triggerCount.add(
            new ValidationError(
                "trigger_count",
                "nodes",
                "a graph needs exactly one node of type trigger, this one has " + triggers.size()));
        return;
      }
      boolean[] reached = index.downstream(triggers.get(0));
      for (int i = 0; i < nodes.size(); i++) {
        String id = nodes.get(i).id();
        int canonical = index.indexOf(id);
        boolean isReached = reached[i] || (canonical >= 0 && reached[canonical]);
        if (!isReached) {
          unreachable.add(
              new ValidationError(
                  "unreachable",
                  "nodes[" + i + "]",
                  "node '" + id + "' cannot be reached from the trigger"));
        }
      }
    }

    private void checkCycles() {
      boolean[] onCycle = index.edgesOnCycles();
      for (int j = 0; j < edges.size(); j++) {
        if (!onCycle[j]) {
          continue;
        }
        boolean selfLoop = index.source(j) == index.target(j);
        Edge edge = edges.get(j);
        cycles.add(
            new ValidationError(
                "cycle",
                "edges[" + j + "]",
                selfLoop
                    ? "edge '" + edge.id() + "' leads node '" + edge.source() + "' to itself"
                    : "edge '"
                        + edge.id()
                        + "' from '"
                        + edge.source()
                        + "' to '"
                        + edge.target()
                        + "' is part of a cycle"));
      }
    }

    private void checkNode(int i, Node node) {
      String prefix = "nodes[" + i + "]";
      NodeType declared = NodeType.fromJson(node.type());
      if (declared == null) {
        typeMismatches.add(
            new ValidationError(
                "type_mismatch",
                prefix + ".type",
                "node type must be trigger, action or condition, got '" + node.type() + "'"));
      }
      ObjectNode data = node.data();
      if (data == null) {
        invalidConfigs.add(
            new ValidationError("invalid_config", prefix + ".data", "node data must be an object"));
        unknownComponents.add(
            new ValidationError(
                "unknown_component", prefix + ".data.componentId", "componentId is required"));
        return;
      }
      String componentId = node.componentId();
      Optional<ComponentSpec> spec = componentId == null ? Optional.empty() : safeFind(componentId);
      if (spec.isEmpty()) {
        unknownComponents.add(
            new ValidationError(
                "unknown_component",
                prefix + ".data.componentId",
                componentId == null
                    ? "componentId is required and must be a string"
                    : unknownComponent(componentId)));
      } else {
        specs[i] = spec.get();
        NodeType expected = spec.get().type();
        if (declared != null && expected != null && declared != expected) {
          typeMismatches.add(
              new ValidationError(
                  "type_mismatch",
                  prefix + ".type",
                  "component '"
                      + componentId
                      + "' is a "
                      + expected.json()
                      + " node, but the node is declared as "
                      + declared.json()));
        }
        if (!spec.get().resolvesVault()) {
          vaultReferences(data, prefix + ".data", componentId, invalidConfigs);
        }
        List<String> expressionFields = spec.get().expressionFields();
        new References(i, node.id())
            .check(
                Templates.withExpressionFields(
                    data, expressionFields == null ? List.of() : expressionFields),
                prefix + ".data");
        try {
          List<ValidationError> problems = spec.get().validateConfig(data, prefix + ".data");
          if (problems != null) {
            invalidConfigs.addAll(problems);
          }
        } catch (RuntimeException e) {
          invalidConfigs.add(
              new ValidationError(
                  "invalid_config",
                  prefix + ".data",
                  "configuration of component '" + componentId + "' could not be checked"));
        }
      }
      checkSettings(data, prefix + ".data");
    }

    private String unknownComponent(String componentId) {
      List<String> ids;
      try {
        ids = catalog.componentIds();
      } catch (RuntimeException e) {
        ids = List.of();
      }
      String message = "unknown component '" + componentId + "'";
      if (ids == null || ids.isEmpty()) {
        return message;
      }
      String closest = Suggestions.closest(componentId, ids);
      if (closest == null) {
        closest = byDescription(componentId, ids);
      }
      return message
          + (closest == null ? "" : "; did you mean '" + closest + "'?")
          + " Known components: "
          + String.join(", ", ids);
    }

    /** Returns the one component whose description holds the most words of {@code given}. */
    private String byDescription(String given, List<String> ids) {
      String best = null;
      int bestHits = 0;
      boolean tie = false;
      for (String id : ids) {
        String description =
            safeFind(id).map(ComponentSpec::description).orElse("").toLowerCase(Locale.ROOT);
        int hits = 0;
        for (String word : given.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
          if (word.length() >= 3 && description.contains(word)) {
            hits++;
          }
        }
        if (hits > bestHits) {
          best = id;
          bestHits = hits;
          tie = false;
        } else if (hits == bestHits && hits > 0) {
          tie = true;
        }
      }
      return tie ? null : best;
    }

    /** Reports every string under {@code value} whose templates read the vault. */
    private static void vaultReferences(
        JsonNode value, String path, String componentId, List<ValidationError> out) {
      if (value.isTextual()) {
        if (Templates.roots(value).contains("vault")) {
          out.add(
              new ValidationError(
                  "vault_not_allowed",
                  path,
                  "'"
                      + componentId
                      + "' runs in workflow code, where vault values cannot be resolved; use"
                      + " {{ vault.* }} only in nodes that run as activities (webhook and other"
                      + " actions, conditions, mappers and transforms)"));
        }
      } else if (value.isObject()) {
        for (Map.Entry<String, JsonNode> field : value.properties()) {
          vaultReferences(field.getValue(), path + "." + field.getKey(), componentId, out);
        }
      } else if (value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          vaultReferences(value.get(i), path + "[" + i + "]", componentId, out);
        }
      }
    }

    /**
     * Checks the templates and expressions of one node: expressions must parse and may not use
     * refused functions or the vault, and every root must be {@code trigger}, {@code run}, {@code
     * workflow}, {@code vault} (templates only) or a node that runs before this one.
     */
    private final class References {
      private final int node;
      private final String nodeId;
      private boolean[] upstream;

      References(int node, String nodeId) {
        this.node = node;
        this.nodeId = nodeId;
      }

      void check(JsonNode value, String path) {
        if (value.isTextual()) {
          checkText(value.textValue(), path);
        } else if (value.isObject()) {
          for (Map.Entry<String, JsonNode> field : value.properties()) {
            check(field.getValue(), path + "." + field.getKey());
          }
        } else if (value.isArray()) {
          for (int k = 0; k < value.size(); k++) {
            check(value.get(k), path + "[" + k + "]");
          }
        }
      }

      private void checkText(String text, String path) {
        String expression = Templates.expressionOf(text);
        if (expression == null) {
          for (String root : Templates.pathRoots(text)) {
            checkRoot(root, path, "template", true);
          }
          return;
        }
        Expressions.Checked checked;
        try {
          checked = Expressions.check(expression);
        } catch (ExpressionException e) {
          invalidExpressions.add(
              new ValidationError(
                  "invalid_expression",
                  path,
                  "node '"
                      + nodeId
                      + "': "
                      + (e.position() >= 0 ? "at position " + e.position() + ": " : "")
                      + e.getMessage()));
          return;
        }
        for (String root : checked.roots()) {
          checkRoot(root, path, "expression", false);
        }
      }

      private void checkRoot(String root, String path, String kind, boolean vaultAllowed) {
        if (FIXED_ROOTS.contains(root)) {
          return;
        }
        if ("vault".equals(root)) {
          if (!vaultAllowed) {
            invalidReferences.add(
                new ValidationError(
                    "vault_not_allowed",
                    path,
                    "node '"
                        + nodeId
                        + "': expressions cannot read the vault; use {{ vault.NAME }} templates"
                        + " in nodes that run as activities"));
          }
          return;
        }
        int target = index.indexOf(root);
        if (target < 0) {
          invalidReferences.add(
              new ValidationError(
                  "invalid_reference",
                  path,
                  "node '"
                      + nodeId
                      + "': the "
                      + kind
                      + " reads '"
                      + root
                      + "', which is not a node of this graph (roots are trigger, run,"
                      + " workflow"
                      + (vaultAllowed ? ", vault" : "")
                      + " and node ids)"));
          return;
        }
        if (upstream == null) {
          upstream = index.upstream(node);
        }
        if (!upstream[target]) {
          invalidReferences.add(
              new ValidationError(
                  "invalid_reference",
                  path,
                  "node '"
                      + nodeId
                      + "': the "
                      + kind
                      + " reads node '"
                      + root
                      + "', which cannot have run before it (no path of edges leads from '"
                      + root
                      + "' to '"
                      + nodeId
                      + "')"));
        }
      }
    }

    private Optional<ComponentSpec> safeFind(String componentId) {
      try {
        Optional<ComponentSpec> found = catalog.find(componentId);
        return found == null ? Optional.empty() : found;
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    private void checkSettings(ObjectNode data, String prefix) {
      JsonNode timeout = data.get("timeout_seconds");
      if (present(timeout)) {
        integer(timeout, prefix + ".timeout_seconds", 1, MAX_TIMEOUT_SECONDS);
      }
      JsonNode retry = data.get("retry");
      if (present(retry)) {
        if (!retry.isObject()) {
          invalidConfigs.add(
              new ValidationError(
                  "invalid_config",
                  prefix + ".retry",
                  "retry must be an object with max_attempts, initial_interval_seconds,"
                      + " backoff_coefficient and max_interval_seconds"));
        } else {
          String r = prefix + ".retry";
          for (String field : (Iterable<String>) retry::fieldNames) {
            if (!RETRY_FIELDS.contains(field)) {
              invalidConfigs.add(
                  new ValidationError(
                      "unknown_field",
                      r + "." + field,
                      "unknown field '"
                          + field
                          + "'"
                          + Suggestions.didYouMean(field, RETRY_FIELDS)));
            }
          }
          JsonNode attempts = retry.get("max_attempts");
          if (present(attempts)) {
            integer(attempts, r + ".max_attempts", 1, MAX_ATTEMPTS);
          }
          number(retry.get("initial_interval_seconds"), r + ".initial_interval_seconds", 0);
          number(retry.get("backoff_coefficient"), r + ".backoff_coefficient", 1);
          number(retry.get("max_interval_seconds"), r + ".max_interval_seconds", 0);
        }
      }
      JsonNode continueOnError = data.get("continue_on_error");
      if (present(continueOnError) && !continueOnError.isBoolean()) {
        invalidConfigs.add(
            new ValidationError(
                "invalid_config", prefix + ".continue_on_error", "must be true or false"));
      }
    }

    private void integer(JsonNode value, String path, long min, long max) {
      boolean whole =
          value.isIntegralNumber()
              || (value.isFloatingPointNumber()
                  && value.decimalValue().stripTrailingZeros().scale() <= 0);
      if (!whole
          || value.decimalValue().compareTo(BigDecimal.valueOf(min)) < 0
          || value.decimalValue().compareTo(BigDecimal.valueOf(max)) > 0) {
        invalidConfigs.add(
            new ValidationError(
                "invalid_config",
                path,
                "must be a whole number from " + min + " to " + max + ", got " + value));
      }
    }

    private void number(JsonNode value, String path, double min) {
      if (!present(value)) {
        return;
      }
      boolean ok =
          value.isNumber()
              && value.doubleValue() >= min
              && (path.endsWith("backoff_coefficient")
                  || value.doubleValue() <= MAX_DURATION_SECONDS);
      if (!ok) {
        invalidConfigs.add(
            new ValidationError(
                "invalid_config",
                path,
                path.endsWith("backoff_coefficient")
                    ? "must be a number of at least 1, got " + value
                    : "must be a number of seconds from 0 to "
                        + MAX_DURATION_SECONDS
                        + " (one year), got "
                        + value));
      }
    }

    private boolean present(JsonNode value) {
      return value != null && !value.isNull() && !value.isMissingNode();
    }

    private void checkHandles() {
      for (int j = 0; j < edges.size(); j++) {
        if (!index.connects(j)) {
          continue;
        }
        int source = index.source(j);
        ComponentSpec spec = specs[source];
        if (spec == null) {
          continue;
        }
        Node node = nodes.get(source);
        String handle = edges.get(j).sourceHandle();
        boolean continueOnError = node.data().path("continue_on_error").booleanValue();
        if (continueOnError && ERROR_HANDLE.equals(handle)) {
          continue;
        }
        List<String> allowed;
        try {
          allowed = spec.outputHandles(node.data());
        } catch (RuntimeException e) {
          allowed = List.of();
        }
        if (allowed == null) {
          allowed = List.of();
        }
        if (allowed.isEmpty() ? handle == null : handle != null && allowed.contains(handle)) {
          continue;
        }
        List<String> accepted = new ArrayList<>(allowed);
        if (continueOnError) {
          accepted.add(ERROR_HANDLE);
        }
        String choices;
        if (!allowed.isEmpty()) {
          choices = String.join(", ", accepted);
        } else if (!accepted.isEmpty()) {
          choices = "null (a plain edge) or " + String.join(", ", accepted);
        } else {
          choices = "null (a plain edge)";
        }
        invalidHandles.add(
            new ValidationError(
                "invalid_handle",
                "edges[" + j + "].sourceHandle",
                (handle == null
                        ? "an edge leaving node '" + node.id() + "' needs a handle"
                        : "node '" + node.id() + "' has no handle '" + handle + "'")
                    + "; allowed: "
                    + choices));
      }
    }
  }
}

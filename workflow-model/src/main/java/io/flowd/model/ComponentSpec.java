package io.flowd.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the graph validator needs to know about one kind of node. Every node handler is one; the
 * validator asks a {@link ComponentCatalog} for them, so an unknown component fails when a workflow
 * is saved rather than when it runs.
 */
public interface ComponentSpec {

  /** Returns the {@code data.componentId} this spec describes. */
  String componentId();

  /** Returns the node type that a node of this component must declare. */
  NodeType type();

  /**
   * Checks a node's configuration and returns every problem found, each with a path that starts
   * with {@code pathPrefix} (for example {@code nodes[2].data}). Values that are templates are
   * accepted wherever a template may resolve to a valid value at run time.
   */
  List<ValidationError> validateConfig(ObjectNode data, String pathPrefix);

  /**
   * Returns what the component does, in one or two sentences (its schema's {@code description});
   * the validator matches words of an unknown component id against it. The default is empty.
   */
  default String description() {
    return "";
  }

  /**
   * Returns whether this node's config may refer to the vault ({@code {{ vault.NAME }}}): only
   * nodes that run in an activity can resolve secrets; nodes that run in workflow code (timers,
   * control nodes) and triggers cannot, and a save that tries is refused.
   */
  default boolean resolvesVault() {
    return true;
  }

  /**
   * Returns the config fields whose string value is a JSONata expression, as if it were written
   * {@code {{= ... }}}: it is checked at save time and evaluated against the template scope before
   * the node runs ({@code transform} and {@code expression_condition} name {@code expression}).
   */
  default List<String> expressionFields() {
    return List.of();
  }

  /**
   * Returns the handles an edge may leave this node by, given its configuration. An empty list
   * means only plain edges (without a handle) may leave it; conditions return {@code "true"} and
   * {@code "false"}, a switch its case handles and {@code "default"}.
   */
  default List<String> outputHandles(ObjectNode data) {
    return List.of();
  }

  /**
   * Returns the handle a successful node of this component left by, read from its logged {@code
   * output}, or {@code null} for plain edges. Resume uses it for logs written before flowd recorded
   * the handle; conditions read their {@code result}, a switch its {@code handle}.
   */
  default String handleFromOutput(JsonNode output) {
    return null;
  }
}

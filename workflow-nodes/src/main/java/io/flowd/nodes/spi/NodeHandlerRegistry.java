package io.flowd.nodes.spi;

import io.flowd.model.ComponentCatalog;
import io.flowd.model.ComponentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All node handlers by component id; the graph validator's {@link ComponentCatalog}. */
public final class NodeHandlerRegistry implements ComponentCatalog {
  private final Map<String, NodeHandler> handlers = new LinkedHashMap<>();

  /** Creates a registry of the given handlers; component ids must be unique. */
  public NodeHandlerRegistry(List<NodeHandler> all) {
    for (NodeHandler handler : all) {
      if (handlers.put(handler.componentId(), handler) != null) {
        throw new IllegalArgumentException("duplicate handler for " + handler.componentId());
      }
    }
  }

  @Override
  public Optional<ComponentSpec> find(String componentId) {
    return Optional.ofNullable(handlers.get(componentId));
  }

  /**
   * Returns the handler of a component that the validator accepted.
   *
   * @throws IllegalStateException when there is none (the graph was not validated)
   */
  public NodeHandler get(String componentId) {
    NodeHandler handler = handlers.get(componentId);
    if (handler == null) {
      throw new IllegalStateException("no handler for component " + componentId);
    }
    return handler;
  }
}

package io.flowd.model;

import java.util.List;
import java.util.Optional;

/** Looks up the component behind a {@code componentId}; the node handler registry is one. */
@FunctionalInterface
public interface ComponentCatalog {

  /** Returns the component with this id, or empty when no such component exists. */
  Optional<ComponentSpec> find(String componentId);

  /**
   * Returns every component id, in a stable order; the validator lists them when a node names an
   * unknown one. The default knows none.
   */
  default List<String> componentIds() {
    return List.of();
  }
}

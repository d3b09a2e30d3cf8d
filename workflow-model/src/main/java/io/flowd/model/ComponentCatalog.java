package io.flowd.model;

import java.util.Optional;

/** Looks up the component behind a {@code componentId}; the node handler registry is one. */
@FunctionalInterface
public interface ComponentCatalog {

  /** Returns the component with this id, or empty when no such component exists. */
  Optional<ComponentSpec> find(String componentId);
}

package io.flowd.model.validation;

import io.flowd.model.ComponentCatalog;
import io.flowd.model.Graph;
import io.flowd.model.ValidationError;
import java.util.List;

/** Checks a graph against every graph rule of the contract and reports all problems. */
public final class GraphValidator {
  /** Most nodes a graph may have. */
  public static final int MAX_NODES = 1000;

  /** Most edges a graph may have. */
  public static final int MAX_EDGES = 5000;

  private final ComponentCatalog catalog;

  public GraphValidator(ComponentCatalog catalog) {
    this.catalog = catalog;
  }

  /** Returns every problem of the graph; an empty list means the graph is valid. */
  public List<ValidationError> validate(Graph graph) {
    throw new UnsupportedOperationException("not yet");
  }
}

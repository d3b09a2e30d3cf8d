package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A node without side effects (mappers, conditions). It is evaluated in workflow code, so it must
 * be deterministic: no clock, randomness or I/O. When its config refers to the vault it runs in the
 * node activity instead, so secrets never enter workflow history.
 */
public non-sealed interface PureNodeHandler extends NodeHandler {

  /**
   * Computes the node's outcome from its rendered config and its input (the output of its first
   * taken predecessor).
   *
   * @throws NodeFailure when the node cannot produce an outcome
   */
  NodeOutcome evaluate(ObjectNode config, JsonNode input);

  @Override
  default <R> R accept(Visitor<R> visitor) {
    return visitor.pure(this);
  }
}

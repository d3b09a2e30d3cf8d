package io.flowd.nodes.spi;

import io.flowd.model.ComponentSpec;
import io.flowd.model.NodeType;

/**
 * The shared part of node handlers: their component id and node type. A handler extends it and
 * implements one kind of {@link NodeHandler} (for example {@code extends HandlerBase implements
 * PureNodeHandler}), so it only writes its config checks and its behaviour.
 */
public abstract class HandlerBase implements ComponentSpec {
  private final String componentId;
  private final NodeType type;

  /** Creates the base of the handler of {@code componentId}, a node of the given type. */
  protected HandlerBase(String componentId, NodeType type) {
    this.componentId = componentId;
    this.type = type;
  }

  @Override
  public final String componentId() {
    return componentId;
  }

  @Override
  public final NodeType type() {
    return type;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + componentId + "]";
  }
}

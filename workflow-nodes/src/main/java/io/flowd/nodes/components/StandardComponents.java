package io.flowd.nodes.components;

import io.flowd.nodes.NodesConfig;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerRegistry;

/**
 * The components flowd ships, as registered in {@code META-INF/services} (see {@link
 * NodeHandlerRegistry#load}); this class keeps no list of its own.
 */
public final class StandardComponents {
  private StandardComponents() {}

  /** Returns the registered handlers, plus any extra ones (tests add their own kinds). */
  public static NodeHandlerRegistry registry(boolean allowPrivateNetworks, NodeHandler... extra) {
    return NodeHandlerRegistry.load(new NodesConfig(allowPrivateNetworks), extra);
  }
}

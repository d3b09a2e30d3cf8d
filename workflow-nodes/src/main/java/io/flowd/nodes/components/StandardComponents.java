package io.flowd.nodes.components;

import io.flowd.nodes.NodesConfig;
import io.flowd.nodes.code.CodeHandler;
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

  /** Returns the registered handlers configured by {@code config} (read from the environment). */
  public static NodeHandlerRegistry registry(NodesConfig config, NodeHandler... extra) {
    return NodeHandlerRegistry.load(config, extra);
  }

  /**
   * Starts and warms the {@code code} node's runner processes in the background, so the first
   * script does not wait for a JVM to start; the worker calls it when it starts.
   */
  public static void warmCodeRunners(NodeHandlerRegistry registry) {
    if (registry.find("code").isPresent() && registry.get("code") instanceof CodeHandler code) {
      code.runners().start();
    }
  }
}

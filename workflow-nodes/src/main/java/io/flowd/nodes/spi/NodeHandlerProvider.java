package io.flowd.nodes.spi;

import io.flowd.nodes.NodesConfig;
import java.util.List;

/**
 * Supplies handlers that need the node settings or that serve several component ids (the triggers,
 * the typed conditions). Providers are found with {@link java.util.ServiceLoader} from {@code
 * META-INF/services/io.flowd.nodes.spi.NodeHandlerProvider}; a handler with a public no-argument
 * constructor is listed in {@code META-INF/services/io.flowd.nodes.spi.NodeHandler} instead.
 */
public interface NodeHandlerProvider {

  /** Returns the handlers this provider contributes, configured by {@code config}. */
  List<NodeHandler> handlers(NodesConfig config);
}

package io.flowd.nodes;

import java.util.Map;

/**
 * How nodes run, read once from the environment (the worker runs them, the API's test-node too).
 *
 * @param allowPrivateNetworks whether the {@code webhook} action may call private addresses ({@code
 *     FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS})
 */
public record NodesConfig(boolean allowPrivateNetworks) {

  /** Reads the settings. */
  public static NodesConfig fromEnv(Map<String, String> env) {
    return new NodesConfig(
        Boolean.parseBoolean(env.getOrDefault("FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "false")));
  }
}

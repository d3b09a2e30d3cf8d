package io.flowd.nodes;

import java.util.Map;

/**
 * How nodes run, read once from the environment (the worker runs them, the API's test-node too).
 *
 * @param allowPrivateNetworks whether the {@code webhook} action may call private addresses ({@code
 *     FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS})
 * @param codeRunners how many {@code code} scripts run at once in this process, each in a runner
 *     JVM of its own ({@code FLOWD_CODE_RUNNERS}, default 2)
 * @param codeRunnerHeapMb each code runner's heap, the scripts' memory limit, in MiB ({@code
 *     FLOWD_CODE_RUNNER_HEAP_MB}, default 256)
 */
public record NodesConfig(boolean allowPrivateNetworks, int codeRunners, int codeRunnerHeapMb) {
  /** The default number of code runners. */
  public static final int DEFAULT_CODE_RUNNERS = 2;

  /** The default heap of a code runner, in MiB. */
  public static final int DEFAULT_CODE_RUNNER_HEAP_MB = 256;

  /** Creates the settings with the default code runners. */
  public NodesConfig(boolean allowPrivateNetworks) {
    this(allowPrivateNetworks, DEFAULT_CODE_RUNNERS, DEFAULT_CODE_RUNNER_HEAP_MB);
  }

  /** Reads the settings. */
  public static NodesConfig fromEnv(Map<String, String> env) {
    return new NodesConfig(
        Boolean.parseBoolean(env.getOrDefault("FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "false")),
        positive(env, "FLOWD_CODE_RUNNERS", DEFAULT_CODE_RUNNERS, 1),
        positive(env, "FLOWD_CODE_RUNNER_HEAP_MB", DEFAULT_CODE_RUNNER_HEAP_MB, 32));
  }

  private static int positive(Map<String, String> env, String name, int fallback, int minimum) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= minimum) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(name + " must be a whole number of at least " + minimum);
  }
}

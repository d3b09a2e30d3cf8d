package io.flowd.model.graph;

import io.flowd.model.NodeSettings;

/**
 * The handles a node leaves by, and the one rule of which edges a handle takes.
 *
 * <p>A node that succeeded without choosing a handle leaves by {@code null}: it takes the plain
 * edges (those without a {@code sourceHandle}). A condition leaves by {@code "true"} or {@code
 * "false"}, a switch by one of its case handles or {@code "default"}, and a node with {@code
 * continue_on_error} that failed for good by {@code "error"}. The same value is stored with the
 * node's log, so a resumed run knows which edges the old run took.
 */
public final class Handles {
  private Handles() {}

  /** The handle a node with {@code continue_on_error: true} leaves by when it fails for good. */
  public static final String ERROR = "error";

  /** Returns whether a node that left by {@code handle} takes an edge with {@code edgeHandle}. */
  public static boolean takes(String handle, String edgeHandle) {
    return handle == null ? edgeHandle == null : handle.equals(edgeHandle);
  }

  /**
   * Returns the handle a node that failed for good leaves by: {@link #ERROR} with {@code
   * continue_on_error}, else {@code null} (the run fails, no edge is taken).
   */
  public static String ofFailure(NodeSettings settings) {
    return settings.continueOnError() ? ERROR : null;
  }
}

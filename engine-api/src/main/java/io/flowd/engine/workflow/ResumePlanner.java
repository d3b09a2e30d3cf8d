package io.flowd.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.Graph;
import io.flowd.model.Node;
import io.flowd.model.NodeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ResumeState} of a new run that starts at a node of an old run, from the old
 * run's logs. It replays how the old run settled the edges upstream of the node: an upstream node
 * that was reached must have a result (a {@code success} log, or a final {@code error} log of a
 * {@code continue_on_error} node), one that was not reached is skipped, and at least one edge into
 * the node must have been taken.
 */
public final class ResumePlanner {
  private ResumePlanner() {}

  /**
   * One log row of the old run.
   *
   * @param nodeId the node it belongs to
   * @param status {@code success}, {@code warning} or {@code error}
   * @param output the logged output
   */
  public record LoggedResult(String nodeId, String status, JsonNode output) {}

  /** The old run holds no usable state for the node; the message says why. */
  public static final class NoUpstreamState extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoUpstreamState(String message) {
      super(message);
    }
  }

  /**
   * Returns the state to start at {@code fromNodeId}, which must be a node of {@code graph}.
   *
   * @param logs the old run's logs in execution order
   * @param components the components, which read the handle a node left by from its output
   * @throws NoUpstreamState when an upstream node that ran has no result, or no taken edge leads to
   *     the node
   */
  public static ResumeState plan(
      Graph graph, String fromNodeId, List<LoggedResult> logs, ComponentCatalog components) {
    GraphPaths paths = new GraphPaths(graph);
    int from = paths.indexOf(fromNodeId);
    if (from < 0) {
      throw new IllegalArgumentException("no node " + fromNodeId);
    }
    Map<String, LoggedResult> results = new LinkedHashMap<>();
    for (LoggedResult log : logs) {
      if ("success".equals(log.status())) {
        results.put(log.nodeId(), log);
      } else if ("error".equals(log.status()) && !results.containsKey(log.nodeId())) {
        int i = paths.indexOf(log.nodeId());
        if (i >= 0 && paths.nodes.get(i).settings().continueOnError()) {
          results.put(log.nodeId(), log);
        }
      }
    }
    boolean[] upstream = paths.ancestors(from);
    Boolean[] taken = new Boolean[paths.edges.size()];
    List<ResumeState.RestoredNode> restored = new ArrayList<>();
    for (int i : paths.topologicalOrder()) {
      if (!upstream[i]) {
        continue;
      }
      Node node = paths.nodes.get(i);
      boolean trigger = NodeType.TRIGGER.json().equals(node.type());
      boolean reached = trigger || anyTaken(paths, taken, i);
      LoggedResult result = results.get(node.id());
      if (!reached) {
        settle(paths, taken, i, null, false);
      } else if (trigger) {
        settle(paths, taken, i, null, true);
      } else if (result == null) {
        throw new NoUpstreamState(
            "upstream node " + node.id() + " has no successful result in the old run");
      } else {
        String handle = handle(node, result, components);
        restored.add(new ResumeState.RestoredNode(node.id(), result.output(), handle));
        settle(paths, taken, i, handle, true);
      }
    }
    if (!NodeType.TRIGGER.json().equals(paths.nodes.get(from).type())
        && !anyTaken(paths, taken, from)) {
      throw new NoUpstreamState("no path the old run took leads to node " + fromNodeId);
    }
    return new ResumeState(fromNodeId, restored);
  }

  private static boolean anyTaken(GraphPaths paths, Boolean[] taken, int node) {
    for (int e : paths.incoming(node)) {
      if (Boolean.TRUE.equals(taken[e])) {
        return true;
      }
    }
    return false;
  }

  private static void settle(
      GraphPaths paths, Boolean[] taken, int node, String handle, boolean done) {
    for (int e = 0; e < paths.edges.size(); e++) {
      if (paths.source(e) == node) {
        String edgeHandle = paths.edges.get(e).sourceHandle();
        taken[e] = done && (handle == null ? edgeHandle == null : handle.equals(edgeHandle));
      }
    }
  }

  private static String handle(Node node, LoggedResult result, ComponentCatalog components) {
    if ("error".equals(result.status())) {
      return "error";
    }
    return components
        .find(node.componentId())
        .map(spec -> spec.handleFromOutput(result.output()))
        .orElse(null);
  }
}

package io.flowd.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.Graph;
import io.flowd.model.Node;
import io.flowd.model.graph.GraphIndex;
import io.flowd.model.graph.Handles;
import io.flowd.model.graph.RunState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ResumeState} of a new run that starts at a node of an old run, from the old
 * run's logs. It replays how the old run settled the edges upstream of the node, by the rules of
 * {@link RunState}: an upstream node that was reached must have a result (a {@code success} log, or
 * a final {@code error} log of a {@code continue_on_error} node), one that was not reached is
 * skipped, and at least one edge into the node must have been taken.
 */
public final class ResumePlanner {
  private ResumePlanner() {}

  /**
   * One log row of the old run.
   *
   * @param nodeId the node it belongs to
   * @param status {@code success}, {@code warning} or {@code error}
   * @param output the logged output
   * @param handle the logged handle, {@code null} for a plain success and in rows logged before
   *     flowd recorded handles
   */
  public record LoggedResult(String nodeId, String status, JsonNode output, String handle) {
    /** A row without a recorded handle. */
    public LoggedResult(String nodeId, String status, JsonNode output) {
      this(nodeId, status, output, null);
    }
  }

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
   * @param components the components, which read the handle an old log's output shows
   * @throws NoUpstreamState when an upstream node that ran has no result, or no taken edge leads to
   *     the node
   */
  public static ResumeState plan(
      Graph graph, String fromNodeId, List<LoggedResult> logs, ComponentCatalog components) {
    GraphIndex index = GraphIndex.of(graph);
    int from = index.indexOf(fromNodeId);
    if (from < 0) {
      throw new IllegalArgumentException("no node " + fromNodeId);
    }
    Map<String, LoggedResult> results = new LinkedHashMap<>();
    for (LoggedResult log : logs) {
      if ("success".equals(log.status())) {
        results.put(log.nodeId(), log);
      } else if ("error".equals(log.status()) && !results.containsKey(log.nodeId())) {
        int i = index.indexOf(log.nodeId());
        if (i >= 0 && index.node(i).settings().continueOnError()) {
          results.put(log.nodeId(), log);
        }
      }
    }
    RunState state = new RunState(index);
    List<ResumeState.RestoredNode> restored = new ArrayList<>();
    state.resumeAt(
        from,
        (i, reached) -> {
          Node node = index.node(i);
          LoggedResult result = results.get(node.id());
          if (!reached) {
            return RunState.Prior.skipped();
          } else if (index.isTrigger(i)) {
            return RunState.Prior.leftBy(null);
          } else if (result == null) {
            throw new NoUpstreamState(
                "upstream node " + node.id() + " has no successful result in the old run");
          }
          String handle = handle(node, result, components);
          restored.add(
              new ResumeState.RestoredNode(
                  node.id(), IteratorLog.outputOf(result.output()), handle));
          return RunState.Prior.leftBy(handle);
        });
    if (!index.isTrigger(from) && !state.anyIncomingTaken(from)) {
      throw new NoUpstreamState("no path the old run took leads to node " + fromNodeId);
    }
    return new ResumeState(fromNodeId, restored);
  }

  /**
   * Returns the handle the node left by: the logged one, or for rows logged before handles were
   * recorded, the one its output shows ({@code "error"} for a failure, a condition's result).
   */
  private static String handle(Node node, LoggedResult result, ComponentCatalog components) {
    if (result.handle() != null) {
      return result.handle();
    }
    if ("error".equals(result.status())) {
      return Handles.ERROR;
    }
    return components
        .find(node.componentId())
        .map(spec -> spec.handleFromOutput(result.output()))
        .orElse(null);
  }
}

package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.engine.workflow.GraphPaths;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.ResumeState;
import io.flowd.model.NodeType;
import io.flowd.nodes.spi.NodeOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The initial state of a resumed run, derived deterministically from the graph and its {@link
 * ResumeState}: every upstream node of the start node is done with its old output (or skipped when
 * the old run skipped it), and edges from upstream nodes to nodes that neither lead to the start
 * node nor follow it are not taken, so side branches that already ran are not run again.
 */
final class ResumePlan {
  /** One upstream node: done with {@code outcome}, or skipped when it is {@code null}. */
  record Step(int node, NodeOutcome outcome) {}

  final List<Step> steps;
  final List<Integer> notTaken;

  private ResumePlan(List<Step> steps, List<Integer> notTaken) {
    this.steps = steps;
    this.notTaken = notTaken;
  }

  /** Returns the plan, or {@code null} when the run starts at its trigger like any other run. */
  static ResumePlan of(GraphRunInput input) {
    GraphPaths paths = new GraphPaths(input.graph());
    int from = paths.indexOf(input.resume().fromNodeId());
    if (from < 0 || NodeType.TRIGGER.json().equals(paths.nodes.get(from).type())) {
      return null;
    }
    Map<String, ResumeState.RestoredNode> restored = new LinkedHashMap<>();
    for (ResumeState.RestoredNode node : input.resume().restored()) {
      restored.put(node.nodeId(), node);
    }
    boolean[] upstream = paths.ancestors(from);
    boolean[] downstream = paths.downstream(from);
    List<Step> steps = new ArrayList<>();
    for (int i : paths.topologicalOrder()) {
      if (!upstream[i]) {
        continue;
      }
      ResumeState.RestoredNode old = restored.get(paths.nodes.get(i).id());
      if (NodeType.TRIGGER.json().equals(paths.nodes.get(i).type())) {
        steps.add(new Step(i, NodeOutcome.of(input.triggerPayload())));
      } else if (old != null) {
        JsonNode output = old.output();
        steps.add(new Step(i, new NodeOutcome(output, old.handle())));
      } else {
        steps.add(new Step(i, null));
      }
    }
    List<Integer> notTaken = new ArrayList<>();
    for (int e = 0; e < paths.edges.size(); e++) {
      int target = paths.target(e);
      if (upstream[paths.source(e)] && !upstream[target] && !downstream[target]) {
        notTaken.add(e);
      }
    }
    return new ResumePlan(steps, notTaken);
  }
}

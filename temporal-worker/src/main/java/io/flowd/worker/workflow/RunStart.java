package io.flowd.worker.workflow;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.ResumeState;
import io.flowd.model.Node;
import io.flowd.model.graph.RunState;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.worker.activity.LogEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's walk begins: at its trigger, whose output is the trigger payload, or, for a resumed
 * run, at the node it resumes from with the upstream state of the old run.
 */
final class RunStart {
  private RunStart() {}

  /** Completes the trigger, or restores a resumed run's upstream state. */
  static void begin(
      GraphRunInput input,
      List<Node> nodes,
      RunState state,
      NodeResults results,
      RunRecorder recorder) {
    if (!restoreResumeState(input, nodes, state, results)) {
      startTrigger(input, nodes, state, results, recorder);
    }
  }

  private static void startTrigger(
      GraphRunInput input,
      List<Node> nodes,
      RunState state,
      NodeResults results,
      RunRecorder recorder) {
    List<Integer> triggers = state.index().triggers();
    if (triggers.isEmpty()) {
      throw new RunFailed("The graph has no trigger node");
    }
    int i = triggers.get(0);
    Node trigger = nodes.get(i);
    recorder.add(
        new LogEntry(
            trigger.id(), trigger.componentId(), "success", input.triggerPayload(), 1, 0, null));
    results.complete(i, NodeOutcome.of(input.triggerPayload()));
  }

  /**
   * Gives a resumed run the upstream state it inherits (no logs, nothing run): every node upstream
   * of the start node is done with its old output and handle, or skipped when the old run did not
   * reach it, and side branches the old run already ran are not run again. Returns false when the
   * run starts at its trigger.
   */
  private static boolean restoreResumeState(
      GraphRunInput input, List<Node> nodes, RunState state, NodeResults results) {
    ResumeState resume = input.resume();
    int from = resume == null ? -1 : state.index().indexOf(resume.fromNodeId());
    if (from < 0 || state.index().isTrigger(from)) {
      return false;
    }
    Map<String, ResumeState.RestoredNode> restored = new LinkedHashMap<>();
    for (ResumeState.RestoredNode node : resume.restored()) {
      restored.put(node.nodeId(), node);
    }
    state.resumeAt(
        from,
        (i, reached) -> {
          ResumeState.RestoredNode old = restored.get(nodes.get(i).id());
          if (state.index().isTrigger(i)) {
            results.record(i, input.triggerPayload());
            return RunState.Prior.leftBy(null);
          } else if (old != null) {
            results.record(i, old.output());
            return RunState.Prior.leftBy(old.handle());
          }
          return RunState.Prior.skipped();
        });
    return true;
  }
}

package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Node;
import io.flowd.model.graph.Handles;
import io.flowd.model.graph.RunState;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import java.util.List;

/**
 * Feeds how a node ended back into the walk: its outgoing edges in {@link RunState}, its output,
 * and its log when the interpreter writes it. A failure without {@code continue_on_error} fails the
 * run by throwing {@link RunFailed}.
 */
final class NodeResults {
  private final List<Node> nodes;
  private final RunState state;
  private final RunOutputs outputs;
  private final RunRecorder recorder;

  NodeResults(List<Node> nodes, RunState state, RunOutputs outputs, RunRecorder recorder) {
    this.nodes = nodes;
    this.state = state;
    this.outputs = outputs;
    this.recorder = recorder;
  }

  /** Logs a node that succeeded in workflow code, then completes it. */
  void succeeded(int i, NodeOutcome outcome, long startedAt) {
    succeeded(i, outcome, outcome.output(), startedAt);
  }

  /** Logs {@code logged} for a node that succeeded in workflow code, then completes it. */
  void succeeded(int i, NodeOutcome outcome, JsonNode logged, long startedAt) {
    recorder.log(nodes.get(i), "success", logged, outcome.handle(), 1, startedAt);
    complete(i, outcome);
  }

  /** Records a node's success and settles its outgoing edges by the outcome's handle. */
  void complete(int i, NodeOutcome outcome) {
    state.complete(i, outcome.handle());
    record(i, outcome.output());
  }

  /** Logs a failure the activity could not log itself, then handles it. */
  void logAndFail(int i, NodeFailure failure, int attempt, long startedAt) {
    Node node = nodes.get(i);
    recorder.log(
        node,
        "error",
        failure.errorOutput(),
        Handles.ofFailure(node.settings()),
        attempt,
        startedAt);
    failed(i, failure.getMessage(), failure.type(), null);
  }

  /**
   * A node failed for good: take its error edges, or fail the run. {@code errorOutput} is the error
   * output its activity made ({@code {"error": {"message", "type", …}}} or its claim-check
   * reference), or {@code null} to build it from the message and type.
   */
  void failed(int i, String message, String type, JsonNode errorOutput) {
    Node node = nodes.get(i);
    if (!state.fail(i)) {
      throw new RunFailed("Node " + node.id() + " (" + node.componentId() + ") failed: " + message);
    }
    record(
        i, errorOutput == null ? new NodeFailure(type, message, false).errorOutput() : errorOutput);
  }

  /** Makes the node's output addressable by its id and the run's latest output. */
  void record(int i, JsonNode output) {
    outputs.record(nodes.get(i).id(), output);
  }
}

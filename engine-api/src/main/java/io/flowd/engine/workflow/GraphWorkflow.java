package io.flowd.engine.workflow;

import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The generic interpreter: one execution per flowd run, walking the run's graph snapshot. */
@WorkflowInterface
public interface GraphWorkflow {
  /** The update name of {@link #deliverInput}. */
  String DELIVER_INPUT = "DeliverInput";

  /** The update name of {@link #deliverEvent}. */
  String DELIVER_EVENT = "DeliverEvent";

  /** Runs the graph; fails (after recording the run as failed) when a node fails the run. */
  @WorkflowMethod(name = "FlowdGraph")
  RunResult run(GraphRunInput input);

  /**
   * Hands outside input to a waiting {@code wait_for_input} node: the payload becomes the node's
   * output, and the run is {@code running} again once nothing else waits.
   */
  @UpdateMethod(name = DELIVER_INPUT)
  void deliverInput(NodeInput input);

  /** Rejects input for a node that is not waiting, so nothing is written to history. */
  @UpdateValidatorMethod(updateName = DELIVER_INPUT)
  void validateDeliverInput(NodeInput input);

  /**
   * Hands an event to a waiting {@code wait_for_event} node: the payload becomes the node's output.
   */
  @UpdateMethod(name = DELIVER_EVENT)
  void deliverEvent(NodeInput input);

  /** Rejects an event for a node that does not wait for one, so nothing is written to history. */
  @UpdateValidatorMethod(updateName = DELIVER_EVENT)
  void validateDeliverEvent(NodeInput input);
}

package io.flowd.worker.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The generic interpreter: one execution per flowd run, walking the run's graph snapshot. */
@WorkflowInterface
public interface GraphWorkflow {

  /** Runs the graph; fails (after recording the run as failed) when a node fails the run. */
  @WorkflowMethod(name = "FlowdGraph")
  RunResult run(GraphRunInput input);
}

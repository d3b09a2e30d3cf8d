package io.flowd.worker.child;

import io.flowd.engine.workflow.GraphRunInput;

/**
 * A child run recorded in PostgreSQL, ready to start.
 *
 * @param input the child's interpreter input
 * @param temporalWorkflowId the child's Temporal workflow id
 * @param waitForResult whether the parent waits for the child's output
 */
public record ChildRunPlan(GraphRunInput input, String temporalWorkflowId, boolean waitForResult) {

  /** Returns this plan with {@code waitForResult} set. */
  public ChildRunPlan withWait(boolean wait) {
    return new ChildRunPlan(input, temporalWorkflowId, wait);
  }
}

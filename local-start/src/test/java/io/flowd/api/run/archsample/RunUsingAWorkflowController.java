package io.flowd.api.run.archsample;

import io.flowd.api.workflow.WorkflowController;

/** Breaks the separation rule on purpose: run code that reaches into a workflow controller. */
public final class RunUsingAWorkflowController {
  private RunUsingAWorkflowController() {}

  /** Returns the workflow controller's name. */
  public static String name() {
    return WorkflowController.class.getSimpleName();
  }
}

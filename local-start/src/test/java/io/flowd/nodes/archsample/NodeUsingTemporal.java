package io.flowd.nodes.archsample;

import io.temporal.workflow.Workflow;

/** Breaks the Temporal rule on purpose: node code that calls Temporal. */
public final class NodeUsingTemporal {
  private NodeUsingTemporal() {}

  /** Sleeps the Temporal way, which a node may not. */
  public static void pause() {
    Workflow.sleep(1);
  }
}

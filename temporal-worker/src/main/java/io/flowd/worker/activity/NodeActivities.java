package io.flowd.worker.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs side-effect nodes; each attempt writes its own log row. */
@ActivityInterface
public interface NodeActivities {

  /** Renders the node's templates, runs its handler and logs the attempt. */
  @ActivityMethod(name = "RunNode")
  NodeResult run(NodeTask task);
}

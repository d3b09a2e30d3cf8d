package io.flowd.worker.activity;

import io.flowd.engine.RunLaunch;
import io.flowd.runs.RunDispatcher;
import io.flowd.runs.RunEngine;
import io.flowd.store.Database;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * The run engine of the worker's activities (schedule fires, child runs): made on first use from
 * the running activity's client and task queue, which the worker only knows once it runs.
 */
public final class ActivityRunEngine {
  private final Database database;
  private final RunLaunch launch;
  private volatile RunEngine engine;

  public ActivityRunEngine(Database database, RunLaunch launch) {
    this.database = database;
    this.launch = launch;
  }

  /** Returns the engine; call from an activity. */
  public RunEngine get() {
    RunEngine made = engine;
    if (made != null) {
      return made;
    }
    synchronized (this) {
      if (engine == null) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        engine =
            new RunEngine(
                database,
                new RunDispatcher(
                    context.getWorkflowClient(),
                    context.getInfo().getActivityTaskQueue(),
                    database,
                    launch));
      }
      return engine;
    }
  }
}

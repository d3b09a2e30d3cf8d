package io.flowd.archsample.api;

import io.flowd.worker.WorkerMain;

/** Breaks the worker rule on purpose: API-side code that reaches into the worker. */
public final class ApiUsingTheWorker {
  private ApiUsingTheWorker() {}

  /** Starts a worker from where no worker may be started. */
  public static AutoCloseable start() {
    return WorkerMain.start(java.util.Map.of());
  }
}

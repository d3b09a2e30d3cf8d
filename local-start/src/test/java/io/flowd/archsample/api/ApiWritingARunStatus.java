package io.flowd.archsample.api;

import io.flowd.store.RunDao;

/** Breaks the status rule on purpose: API-side code that moves a run on by itself. */
public final class ApiWritingARunStatus {
  private ApiWritingARunStatus() {}

  /** Marks a run running. */
  public static int markRunning(RunDao runs, String tenantId, String runId) {
    return runs.markRunning(tenantId, runId);
  }
}

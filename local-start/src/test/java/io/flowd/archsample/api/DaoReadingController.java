package io.flowd.archsample.api;

import io.flowd.store.RunDao;

/** Breaks the controller rule on purpose: a controller that reads a DAO itself. */
public final class DaoReadingController {
  private DaoReadingController() {}

  /** Counts the runs of a workflow. */
  public static Object counts(RunDao runs, String tenantId, String workflowId) {
    return runs.counts(tenantId, workflowId);
  }
}

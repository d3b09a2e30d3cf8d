package io.flowd.runs.archsample;

import io.flowd.store.RunDao;

/** Breaks the terminal rule on purpose: ends a run without RunClosing (no slot, no on_failure). */
public final class EngineFinishingARun {
  private EngineFinishingARun() {}

  /** Fails a run directly. */
  public static int fail(RunDao runs, String tenantId, String runId) {
    return runs.finish(tenantId, runId, "failed", "boom");
  }
}

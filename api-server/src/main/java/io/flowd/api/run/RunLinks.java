package io.flowd.api.run;

import io.flowd.model.Run;
import io.flowd.model.RunStatus;
import io.flowd.runs.RunClosing;
import io.flowd.store.Database;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fills in {@code failure_run_id}: a failed run's failure run has an id derived from the failed
 * run's ({@link RunClosing#failureRunId}), so one query over a page's failed runs finds which
 * exist.
 */
public final class RunLinks {
  private final Database database;

  public RunLinks(Database database) {
    this.database = database;
  }

  /** Returns {@code runs} with {@code failure_run_id} set on each failed run that has one. */
  public List<Run> withFailureRuns(String tenantId, List<Run> runs) {
    List<String> candidates = new ArrayList<>();
    for (Run run : runs) {
      if (run.status() == RunStatus.FAILED) {
        candidates.add(RunClosing.failureRunId(run.id()));
      }
    }
    if (candidates.isEmpty()) {
      return runs;
    }
    Set<String> existing =
        new HashSet<>(
            database
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT id FROM runs WHERE tenant_id = :tenantId"
                                    + " AND id IN (<ids>)")
                            .bind("tenantId", tenantId)
                            .bindList("ids", candidates)
                            .mapTo(String.class)
                            .list()));
    List<Run> out = new ArrayList<>(runs.size());
    for (Run run : runs) {
      String failureRun =
          run.status() == RunStatus.FAILED ? RunClosing.failureRunId(run.id()) : null;
      out.add(
          failureRun != null && existing.contains(failureRun)
              ? run.withFailureRun(failureRun)
              : run);
    }
    return out;
  }

  /** Returns {@code run} with {@code failure_run_id} set when it failed and has a failure run. */
  public Run withFailureRun(String tenantId, Run run) {
    return withFailureRuns(tenantId, List.of(run)).get(0);
  }
}

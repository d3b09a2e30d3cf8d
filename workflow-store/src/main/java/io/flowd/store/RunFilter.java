package io.flowd.store;

import java.time.Instant;
import java.util.List;

/**
 * The filters of a tenant-wide run search; every field is optional.
 *
 * @param statuses runs in any of these statuses; empty for every status
 * @param workflowId runs of this workflow, or {@code null}
 * @param triggerType runs started by this trigger kind, or {@code null}
 * @param since runs created at or after this instant, or {@code null}
 * @param until runs created before this instant, or {@code null}
 * @param parentRunId the children of this run only, or {@code null}
 * @param topLevel only runs that no other run started (no parent)
 */
public record RunFilter(
    List<String> statuses,
    String workflowId,
    String triggerType,
    Instant since,
    Instant until,
    String parentRunId,
    boolean topLevel) {
  public RunFilter {
    statuses = statuses == null ? List.of() : List.copyOf(statuses);
  }

  /** A filter on every run, parent or child. */
  public RunFilter(
      List<String> statuses, String workflowId, String triggerType, Instant since, Instant until) {
    this(statuses, workflowId, triggerType, since, until, null, false);
  }
}

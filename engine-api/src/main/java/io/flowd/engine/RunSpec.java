package io.flowd.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.flowd.model.RunRef;

/**
 * What a new run's Temporal execution is started with, whatever started it.
 *
 * @param tenantId the run's tenant
 * @param workflowId the flowd workflow it runs
 * @param workflowVersion the version it runs
 * @param workflowName that version's name
 * @param runId the run's id
 * @param triggerType how it was started ({@code manual}, {@code webhook}, {@code schedule}, {@code
 *     workflow}, {@code resume}, ...)
 */
public record RunSpec(
    String tenantId,
    String workflowId,
    int workflowVersion,
    String workflowName,
    String runId,
    String triggerType) {

  /** Returns the id of the run's Temporal execution ({@link TemporalIds#forRun}). */
  @JsonIgnore
  public String temporalWorkflowId() {
    return TemporalIds.forRun(tenantId, workflowId, runId);
  }

  /** Returns the run as activities and bookkeeping name it. */
  @JsonIgnore
  public RunRef ref() {
    return new RunRef(tenantId, workflowId, workflowVersion, runId);
  }
}

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
 * @param temporalWorkflowId the id of its Temporal execution, as the run's row holds it
 */
public record RunSpec(
    String tenantId,
    String workflowId,
    int workflowVersion,
    String workflowName,
    String runId,
    String triggerType,
    String temporalWorkflowId) {

  /** Returns a new run's spec, its Temporal id built by {@link TemporalIds#forRun}. */
  public static RunSpec of(
      String tenantId,
      String workflowId,
      int workflowVersion,
      String workflowName,
      String runId,
      String triggerType) {
    return new RunSpec(
        tenantId,
        workflowId,
        workflowVersion,
        workflowName,
        runId,
        triggerType,
        TemporalIds.forRun(tenantId, workflowId, runId));
  }

  /** Returns the run as activities and bookkeeping name it. */
  @JsonIgnore
  public RunRef ref() {
    return new RunRef(tenantId, workflowId, workflowVersion, runId);
  }
}

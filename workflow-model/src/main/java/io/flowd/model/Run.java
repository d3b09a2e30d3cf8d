package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One execution of a workflow, as the API shows it. Lists leave {@code workflow} and {@code logs}
 * out.
 *
 * @param id {@code fl_run_…}
 * @param workflowId the id of the workflow it runs
 * @param status where the run is
 * @param triggerType {@code manual}, {@code webhook}, {@code schedule}, {@code api}, {@code
 *     workflow} or {@code resume}
 * @param triggerPayload what the trigger received
 * @param errorMessage why the run failed, naming the node, or {@code null}
 * @param startedAt when the interpreter began, or {@code null}
 * @param completedAt when the run ended, or {@code null}
 * @param durationInSeconds completed minus started, or {@code null}
 * @param createdAt when the run was accepted
 * @param workflowVersion the workflow version it runs
 * @param resumedFromRunId the run it resumes, or {@code null}
 * @param temporalWorkflowId the id of its Temporal execution
 * @param output the run's result, the output of the last node to finish ({@code null} while the run
 *     is open and when it did not complete); a claim-checked value over 1 MiB stays {@code
 *     {"$ref"}}
 * @param waitingFor the nodes that wait for input now (empty unless the run is {@code waiting})
 * @param parentRunId the run whose {@code iterator} or {@code trigger_workflow} node started this
 *     one, or {@code null}
 * @param failureRunId for a failed run, the run of its workflow's {@code on_failure} workflow that
 *     the failure started, or {@code null}
 * @param failedRunId for a run of trigger type {@code failure}, the failed run it reports, or
 *     {@code null}
 * @param workflow the workflow as it was for this run
 * @param logs its node logs in execution order
 */
public record Run(
    String id,
    @JsonProperty("workflow_id") String workflowId,
    RunStatus status,
    @JsonProperty("trigger_type") String triggerType,
    @JsonProperty("trigger_payload") JsonNode triggerPayload,
    @JsonProperty("error_message") String errorMessage,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("completed_at") Instant completedAt,
    @JsonProperty("duration_in_seconds") Double durationInSeconds,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("workflow_version") int workflowVersion,
    @JsonProperty("resumed_from_run_id") String resumedFromRunId,
    @JsonProperty("temporal_workflow_id") String temporalWorkflowId,
    JsonNode output,
    @JsonProperty("waiting_for") List<RunWait> waitingFor,
    @JsonProperty("parent_run_id") String parentRunId,
    @JsonProperty("failure_run_id") String failureRunId,
    @JsonProperty("failed_run_id") String failedRunId,
    @JsonInclude(JsonInclude.Include.NON_NULL) Workflow workflow,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<RunLog> logs) {

  /** Returns a copy carrying the workflow snapshot and the logs. */
  public Run withDetails(Workflow snapshot, List<RunLog> runLogs) {
    return new Run(
        id,
        workflowId,
        status,
        triggerType,
        triggerPayload,
        errorMessage,
        startedAt,
        completedAt,
        durationInSeconds,
        createdAt,
        workflowVersion,
        resumedFromRunId,
        temporalWorkflowId,
        output,
        waitingFor,
        parentRunId,
        failureRunId,
        failedRunId,
        snapshot,
        runLogs);
  }

  /** Returns a copy that names the failure run started for this failed run. */
  public Run withFailureRun(String failureRun) {
    return new Run(
        id,
        workflowId,
        status,
        triggerType,
        triggerPayload,
        errorMessage,
        startedAt,
        completedAt,
        durationInSeconds,
        createdAt,
        workflowVersion,
        resumedFromRunId,
        temporalWorkflowId,
        output,
        waitingFor,
        parentRunId,
        failureRun,
        failedRunId,
        workflow,
        logs);
  }
}

package io.flowd.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.auth.Principal;
import io.flowd.api.http.ApiException;
import io.flowd.api.workflow.WorkflowService;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.NodeInput;
import io.flowd.model.Ids;
import io.flowd.model.Node;
import io.flowd.model.Run;
import io.flowd.model.RunRef;
import io.flowd.model.ValidationError;
import io.flowd.model.Workflow;
import io.flowd.nodes.components.WaitForInputHandler;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.store.Database;
import io.flowd.store.RunControlDao;
import io.flowd.store.RunDao;
import io.flowd.store.RunLogDao;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a payload to a waiting {@code wait_for_input} node through a Temporal update, after
 * checking the run is open and the payload matches the node's {@code input_schema}.
 */
public final class RunInputService {
  private static final Logger LOG = LoggerFactory.getLogger(RunInputService.class);

  private final Database database;
  private final WorkflowService workflows;
  private final WorkflowClient temporal;
  private final PayloadStore payloads;

  public RunInputService(Database database, WorkflowService workflows, WorkflowClient temporal) {
    this.database = database;
    this.workflows = workflows;
    this.temporal = temporal;
    this.payloads = new PayloadStore(database);
  }

  /**
   * Delivers {@code given} to node {@code nodeId} of the run and returns the run with its details.
   *
   * @throws ApiException 404, 409 (ended, or not waiting), 422 (input schema) or 503 (Temporal)
   */
  public Run deliver(Principal principal, String runId, String nodeId, JsonNode given) {
    RunDao runs = database.dao(RunDao.class);
    Run run =
        runs.find(principal.tenantId(), runId)
            .orElseThrow(() -> ApiException.notFound("Run " + runId + " was not found."));
    String workflowId = runs.workflowIdOf(principal.tenantId(), runId).orElseThrow();
    if (run.status().isTerminal()) {
      throw ended(run);
    }
    checkInputSchema(principal.tenantId(), workflowId, run, nodeId, given);
    JsonNode payload =
        payloads.offload(
            new RunRef(principal.tenantId(), workflowId, run.workflowVersion(), runId),
            "input:" + nodeId + ":" + Ids.next(""),
            given);
    try {
      temporal
          .newWorkflowStub(GraphWorkflow.class, run.temporalWorkflowId())
          .deliverInput(new NodeInput(nodeId, payload));
    } catch (WorkflowUpdateException | WorkflowNotFoundException e) {
      Run now = runs.find(principal.tenantId(), runId).orElseThrow();
      if (now.status().isTerminal()) {
        throw ended(now);
      }
      throw notWaiting(
          runId,
          nodeId,
          database.dao(RunControlDao.class).waitingNodes(principal.tenantId(), runId));
    } catch (RuntimeException e) {
      LOG.warn("could not deliver input to run {}: {}", runId, e.toString());
      throw ApiException.unavailable("Temporal is unreachable; try again shortly.", 5);
    }
    Run now = runs.find(principal.tenantId(), runId).orElseThrow();
    return now.withDetails(
        workflows.snapshot(principal, workflowId, now.workflowVersion()),
        database.dao(RunLogDao.class).forRun(principal.tenantId(), runId));
  }

  /** 422 {@code invalid_input} when the node has an {@code input_schema} the payload breaks. */
  private void checkInputSchema(
      String tenantId, String workflowId, Run run, String nodeId, JsonNode payload) {
    Workflow snapshot = workflows.snapshotOf(tenantId, workflowId, run);
    if (snapshot == null || snapshot.nodes() == null) {
      return;
    }
    for (Node node : snapshot.nodes()) {
      if (node.id().equals(nodeId) && "wait_for_input".equals(node.componentId())) {
        List<ValidationError> problems = WaitForInputHandler.inputProblems(node.data(), payload);
        if (!problems.isEmpty()) {
          throw ApiException.unprocessable(
              "invalid_input",
              "The payload does not match the input_schema of node " + nodeId + ".",
              problems);
        }
      }
    }
  }

  /** 409 naming the nodes that do wait, so the caller can correct {@code node_id}. */
  private static ApiException notWaiting(String runId, String nodeId, List<String> waiting) {
    String now =
        waiting.isEmpty()
            ? " No node of the run waits for input now."
            : " Waiting for input now: " + String.join(", ", waiting) + ".";
    return ApiException.conflict(
        "not_waiting", "Node " + nodeId + " of run " + runId + " does not wait for input." + now);
  }

  private static ApiException ended(Run run) {
    return ApiException.conflict(
        "run_ended",
        "Run " + run.id() + " has ended (" + run.status().json() + "); it no longer takes input.");
  }
}

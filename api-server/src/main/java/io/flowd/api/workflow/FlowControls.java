package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.http.JsonBodies;
import io.flowd.model.Ids;
import io.flowd.model.ValidationError;
import io.flowd.model.validation.Validated;
import io.flowd.model.validation.WorkflowDraft;
import io.flowd.store.Database;
import io.flowd.store.WorkflowDao;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * The save-time checks of flow-control fields that need the database, and their stored form. An
 * {@code on_failure} workflow, and the workflow a {@code trigger_workflow} or {@code iterator} node
 * names literally, must exist in the caller's tenant (another tenant's looks missing).
 */
final class FlowControls {
  private FlowControls() {}

  /** Reads a body with {@code read} and adds the database checks to what it found. */
  static Validated<WorkflowDraft> checkFailureWorkflow(
      Database database,
      String tenantId,
      Function<JsonNode, Validated<WorkflowDraft>> read,
      byte[] bytes,
      String contentType) {
    JsonNode body = JsonBodies.readJson(bytes, contentType);
    return database
        .jdbi()
        .withHandle(h -> checkFailureWorkflow(h, tenantId, body, read.apply(body)));
  }

  /** Adds the database checks of the flow-control fields {@code body} sets to {@code read}. */
  static Validated<WorkflowDraft> checkFailureWorkflow(
      Handle h, String tenantId, JsonNode body, Validated<WorkflowDraft> read) {
    if (body == null) {
      return read;
    }
    List<ValidationError> missing = new ArrayList<>();
    WorkflowDao workflows = h.attach(WorkflowDao.class);
    mustExist(
        workflows,
        tenantId,
        body.path("on_failure").get("workflow_id"),
        "on_failure.workflow_id",
        missing);
    JsonNode nodes = body.get("nodes");
    if (nodes != null && nodes.isArray()) {
      for (int i = 0; i < nodes.size(); i++) {
        JsonNode data = nodes.get(i).path("data");
        if (CHILD_STARTERS.contains(data.path("componentId").asText())) {
          mustExist(
              workflows,
              tenantId,
              data.get("workflow_id"),
              "nodes[" + i + "].data.workflow_id",
              missing);
        }
      }
    }
    if (missing.isEmpty()) {
      return read;
    }
    List<ValidationError> errors = new ArrayList<>(read.errors());
    errors.addAll(missing);
    return new Validated<>(null, errors);
  }

  /** The components that start runs of another workflow named by {@code data.workflow_id}. */
  private static final List<String> CHILD_STARTERS = List.of("trigger_workflow", "iterator");

  /**
   * Adds an error when {@code id} is a literal workflow id (not a template) that is not a workflow
   * of the tenant; another tenant's workflow looks missing.
   */
  private static void mustExist(
      WorkflowDao workflows, String tenantId, JsonNode id, String path, List<ValidationError> out) {
    if (id == null || !id.isTextual() || id.asText().contains("{{")) {
      return;
    }
    if (!Ids.matches(Ids.WORKFLOW, id.asText())
        || workflows.find(tenantId, id.asText(), "").isEmpty()) {
      out.add(
          new ValidationError(
              "invalid_value", path, "workflow " + id.asText() + " was not found in this tenant"));
    }
  }
}

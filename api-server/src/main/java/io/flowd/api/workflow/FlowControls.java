package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.api.http.JsonBodies;
import io.flowd.model.FlowControl;
import io.flowd.model.Ids;
import io.flowd.model.Json;
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
 * {@code on_failure} workflow must exist in the caller's tenant (another tenant's looks missing).
 */
final class FlowControls {
  private FlowControls() {}

  /** Returns the stored JSON of {@code flowControl}, {@code null} when nothing is set. */
  static String json(FlowControl flowControl) {
    FlowControl f = FlowControl.orNone(flowControl);
    return f.equals(FlowControl.NONE) ? null : Json.write(f);
  }

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
    JsonNode id = body == null ? null : body.path("on_failure").get("workflow_id");
    if (id == null || !id.isTextual() || !Ids.matches(Ids.WORKFLOW, id.asText())) {
      return read;
    }
    if (h.attach(WorkflowDao.class).find(tenantId, id.asText(), "").isPresent()) {
      return read;
    }
    List<ValidationError> errors = new ArrayList<>(read.errors());
    errors.add(
        new ValidationError(
            "invalid_value",
            "on_failure.workflow_id",
            "workflow " + id.asText() + " was not found in this tenant"));
    return new Validated<>(null, errors);
  }
}

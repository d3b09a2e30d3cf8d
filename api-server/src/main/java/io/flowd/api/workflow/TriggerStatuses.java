package io.flowd.api.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.model.Workflow;

/**
 * Tells {@code GET /workflows/{id}} the state of a workflow's broker triggers (its {@code triggers}
 * field): connected, last message, messages in the last hour, dead-lettered, lag.
 */
public interface TriggerStatuses {

  /** Reports no triggers. */
  TriggerStatuses NONE = (tenantId, workflow) -> Json.MAPPER.createArrayNode();

  /** Returns one item per broker trigger node of the workflow's current version. */
  JsonNode of(String tenantId, Workflow workflow);
}

package io.flowd.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.ComponentCatalog;

/**
 * Reads a workflow request body ({@code POST /workflows}, {@code PUT /workflows/{id}}, {@code POST
 * /workflows/validate}): checks field types, input limits and every graph rule, and reports all
 * problems at once with paths such as {@code name} or {@code nodes[2].data.url}.
 */
public final class WorkflowDraftReader {
  private final ComponentCatalog catalog;

  public WorkflowDraftReader(ComponentCatalog catalog) {
    this.catalog = catalog;
  }

  /** Reads a create body: {@code name}, {@code nodes} and {@code edges} are required. */
  public Validated<WorkflowDraft> readCreate(JsonNode body) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Reads a partial update: fields absent from {@code body} keep their value in {@code current}.
   */
  public Validated<WorkflowDraft> readUpdate(JsonNode body, WorkflowDraft current) {
    throw new UnsupportedOperationException("not yet");
  }
}

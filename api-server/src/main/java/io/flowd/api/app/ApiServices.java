package io.flowd.api.app;

import io.flowd.api.workflow.TriggerStatuses;
import io.flowd.api.workflow.WorkflowChangeListener;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.runs.RunEngine;
import io.flowd.store.Database;
import io.temporal.client.WorkflowClient;
import java.util.function.BooleanSupplier;

/**
 * What the HTTP layer needs from the rest of the process.
 *
 * @param temporal the Temporal client (calls fail fast while Temporal is down)
 * @param temporalUp tells {@code /ready} whether Temporal answers
 * @param workflowChanges hears committed workflow changes (schedules, broker triggers)
 * @param triggerStatuses the state of broker triggers, for {@code GET /workflows/{id}}
 */
public record ApiServices(
    ApiConfig config,
    Database database,
    NodeHandlerRegistry registry,
    RunEngine engine,
    WorkflowClient temporal,
    BooleanSupplier temporalUp,
    WorkflowChangeListener workflowChanges,
    TriggerStatuses triggerStatuses) {

  /** Services without broker triggers. */
  public ApiServices(
      ApiConfig config,
      Database database,
      NodeHandlerRegistry registry,
      RunEngine engine,
      WorkflowClient temporal,
      BooleanSupplier temporalUp,
      WorkflowChangeListener workflowChanges) {
    this(
        config,
        database,
        registry,
        engine,
        temporal,
        temporalUp,
        workflowChanges,
        TriggerStatuses.NONE);
  }
}

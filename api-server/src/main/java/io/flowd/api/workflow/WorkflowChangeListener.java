package io.flowd.api.workflow;

/**
 * Hears that a workflow definition was saved or deleted, after the change is committed. Schedules
 * use it to bring Temporal in line with PostgreSQL; it must be idempotent, because it may be called
 * again for the same state (for example by the start-up reconciliation).
 */
public interface WorkflowChangeListener {

  /** A listener that does nothing. */
  WorkflowChangeListener NONE =
      new WorkflowChangeListener() {
        @Override
        public void saved(String tenantId, String workflowId) {}

        @Override
        public void deleted(String tenantId, String workflowId) {}
      };

  /** The workflow was created or updated (graph, schedule or {@code is_active}). */
  void saved(String tenantId, String workflowId);

  /** The workflow was deleted. */
  void deleted(String tenantId, String workflowId);

  /** Returns a listener that tells {@code first}, then {@code second}. */
  static WorkflowChangeListener both(WorkflowChangeListener first, WorkflowChangeListener second) {
    return new WorkflowChangeListener() {
      @Override
      public void saved(String tenantId, String workflowId) {
        first.saved(tenantId, workflowId);
        second.saved(tenantId, workflowId);
      }

      @Override
      public void deleted(String tenantId, String workflowId) {
        first.deleted(tenantId, workflowId);
        second.deleted(tenantId, workflowId);
      }
    };
  }
}

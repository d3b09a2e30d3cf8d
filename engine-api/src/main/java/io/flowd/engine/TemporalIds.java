package io.flowd.engine;

/**
 * Temporal workflow ids that operators can read: {@code flowd:<tenant>:<workflow_id>:<run_id>}. The
 * id is built from the run id, so every retried start of a run maps to the same execution.
 */
public final class TemporalIds {
  private static final int MAX_TENANT_CHARS = 150;

  private TemporalIds() {}

  /** Returns the Temporal workflow id of a run; always under 255 characters. */
  public static String forRun(String tenantId, String workflowId, String runId) {
    String tenant =
        tenantId.length() > MAX_TENANT_CHARS ? tenantId.substring(0, MAX_TENANT_CHARS) : tenantId;
    return "flowd:" + tenant + ":" + workflowId + ":" + runId;
  }

  /**
   * Returns the Temporal workflow id of a workflow's schedule: {@code
   * flowd-schedule:<tenant>:<id>}.
   */
  public static String forSchedule(String tenantId, String workflowId) {
    String tenant =
        tenantId.length() > MAX_TENANT_CHARS ? tenantId.substring(0, MAX_TENANT_CHARS) : tenantId;
    return "flowd-schedule:" + tenant + ":" + workflowId;
  }
}

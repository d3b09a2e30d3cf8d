package io.flowd.engine.observability;

import io.flowd.model.RunRef;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * The MDC keys that log lines carry where they apply, so a JSON log line can be joined with its run
 * and its Temporal execution. Open it with try-with-resources; closing removes what it put.
 */
public final class LogContext implements AutoCloseable {
  public static final String RUN_ID = "run_id";
  public static final String WORKFLOW_ID = "workflow_id";
  public static final String NODE_ID = "node_id";
  public static final String TEMPORAL_WORKFLOW_ID = "temporal_workflow_id";
  public static final String TENANT_ID = "tenant_id";

  private final List<String> keys = new ArrayList<>();

  private LogContext() {}

  /** Starts an empty context. */
  public static LogContext open() {
    return new LogContext();
  }

  /** Starts a context for a run. */
  public static LogContext forRun(RunRef run) {
    return open()
        .with(TENANT_ID, run.tenantId())
        .with(WORKFLOW_ID, run.workflowId())
        .with(RUN_ID, run.runId());
  }

  /** Puts {@code key} unless {@code value} is null. */
  public LogContext with(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
      keys.add(key);
    }
    return this;
  }

  @Override
  public void close() {
    keys.forEach(MDC::remove);
  }
}

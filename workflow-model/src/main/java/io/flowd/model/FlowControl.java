package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A workflow's flow-control settings: run timeout, concurrency limit and failure workflow. Each is
 * {@code null} when unset. They are stored with each workflow version, so a run keeps the settings
 * it started with.
 *
 * @param timeoutSeconds a run still open this long after it started ends {@code failed}
 * @param concurrency at most {@code limit} open runs per rendered key
 * @param onFailure the workflow that runs once for every failed run
 */
public record FlowControl(
    @JsonProperty("timeout_seconds") Integer timeoutSeconds,
    Concurrency concurrency,
    @JsonProperty("on_failure") OnFailure onFailure) {

  /** No flow control at all. */
  public static final FlowControl NONE = new FlowControl(null, null, null);

  /** Longest run timeout: one year. */
  public static final int MAX_TIMEOUT_SECONDS = 365 * 24 * 3600;

  /** Highest concurrency limit. */
  public static final int MAX_LIMIT = 1000;

  /** Returns these settings, or {@link #NONE} for {@code null}. */
  public static FlowControl orNone(FlowControl value) {
    return value == null ? NONE : value;
  }

  /**
   * At most {@code limit} runs of the workflow with the same rendered {@code key} are open at once.
   *
   * @param limit 1 to {@value FlowControl#MAX_LIMIT}
   * @param key a template over {@code trigger} and {@code workflow}, or {@code null} for one key
   *     per workflow
   * @param onLimit {@code queue}, {@code cancel_new} or {@code cancel_oldest}
   */
  public record Concurrency(int limit, String key, @JsonProperty("on_limit") String onLimit) {
    /** Wait for a free slot. */
    public static final String QUEUE = "queue";

    /** Record the new run cancelled. */
    public static final String CANCEL_NEW = "cancel_new";

    /** Cancel the oldest open run and start the new one. */
    public static final String CANCEL_OLDEST = "cancel_oldest";

    /** The accepted {@code on_limit} values. */
    public static final List<String> ON_LIMIT = List.of(QUEUE, CANCEL_NEW, CANCEL_OLDEST);
  }

  /**
   * The workflow that runs, with trigger type {@code failure}, once for every failed run.
   *
   * @param workflowId a workflow of the same tenant
   */
  public record OnFailure(@JsonProperty("workflow_id") String workflowId) {}
}

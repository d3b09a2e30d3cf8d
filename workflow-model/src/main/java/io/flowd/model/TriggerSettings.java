package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a workflow's schedule and webhook trigger behave: the flow-control fields of the schedule and
 * webhook triggers. They belong to the workflow row, not to a version, and are read at each fire or
 * call.
 *
 * @param scheduleOverlap what a fire does while an earlier scheduled run is still open: {@code
 *     skip}, {@code buffer_one}, {@code allow} or {@code cancel_other}
 * @param scheduleCatchupSeconds how late a fire missed during downtime may still run
 * @param webhookSignature the HMAC check of inbound webhook calls, or {@code null}
 * @param webhookDedupeHeader the header whose value deduplicates webhook deliveries, or {@code
 *     null}
 */
public record TriggerSettings(
    @JsonProperty("schedule_overlap") String scheduleOverlap,
    @JsonProperty("schedule_catchup_seconds") int scheduleCatchupSeconds,
    @JsonProperty("webhook_signature") WebhookSignature webhookSignature,
    @JsonProperty("webhook_dedupe_header") String webhookDedupeHeader) {

  /** Skip a fire while an earlier scheduled run is open (the default). */
  public static final String SKIP = "skip";

  /** Let one fire wait for the open run; later ones are skipped. */
  public static final String BUFFER_ONE = "buffer_one";

  /** Start every fire. */
  public static final String ALLOW = "allow";

  /** Cancel the open scheduled runs, then start. */
  public static final String CANCEL_OTHER = "cancel_other";

  /** The overlap policies, in documentation order. */
  public static final java.util.List<String> OVERLAP_POLICIES =
      java.util.List.of(SKIP, BUFFER_ONE, ALLOW, CANCEL_OTHER);

  /** The default catch-up window: 5 minutes. */
  public static final int DEFAULT_CATCHUP_SECONDS = 300;

  /** The settings of a workflow that sets none of them. */
  public static final TriggerSettings DEFAULTS =
      new TriggerSettings(SKIP, DEFAULT_CATCHUP_SECONDS, null, null);
}

package io.flowd.runs;

/**
 * What started a run: the closed set of triggers the run engine serves. Several triggers store the
 * same contract value ({@link #json()}): a backfill is stored as a {@code schedule} run, a child
 * run and an iterator item as {@code workflow} runs, a sync call as an {@code api} run.
 */
public enum TriggerType {
  /** {@code POST /workflows/{id}/execute}. */
  MANUAL("manual"),
  /** {@code POST /workflows/sync/{id}}. */
  SYNC("api"),
  /** An inbound webhook delivery. */
  WEBHOOK("webhook"),
  /** A schedule's fire. */
  SCHEDULE("schedule"),
  /** A backfill of a schedule's past fire times. */
  BACKFILL("schedule"),
  /** A {@code trigger_workflow} node's child run. */
  CHILD("workflow"),
  /** One item of an {@code iterator} node. */
  ITERATOR_ITEM("workflow"),
  /** A resume of a failed run from a node. */
  RESUME("resume"),
  /** A re-run of an ended run. */
  RERUN("rerun"),
  /** The {@code on_failure} run of a failed run. */
  ON_FAILURE("failure"),
  /** A message from a {@code rabbitmq_trigger}'s queue. */
  RABBITMQ("rabbitmq"),
  /** A message from a {@code nats_trigger}'s JetStream consumer. */
  NATS("nats"),
  /** A record from a {@code kafka_trigger}'s topic. */
  KAFKA("kafka");

  private final String json;

  TriggerType(String json) {
    this.json = json;
  }

  /** Returns the run's {@code trigger_type} as the contract stores and answers it. */
  public String json() {
    return json;
  }

  /** Returns the distinct stored values, in declaration order (run search accepts these). */
  public static java.util.List<String> storedValues() {
    return java.util.Arrays.stream(values()).map(TriggerType::json).distinct().toList();
  }
}

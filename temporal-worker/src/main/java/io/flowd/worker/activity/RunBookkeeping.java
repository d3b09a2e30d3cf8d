package io.flowd.worker.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.RunRef;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The run's PostgreSQL bookkeeping, called as local activities from the interpreter. Every write is
 * idempotent, so a retried call changes nothing.
 */
@ActivityInterface(namePrefix = "Bookkeeping")
public interface RunBookkeeping {

  /** Moves the run from {@code pending} to {@code running} and stamps {@code started_at}. */
  void markRunning(RunRef run);

  /**
   * Moves the run from {@code pending} to {@code running} like {@link #markRunning} and upserts the
   * logs of the nodes evaluated before its first wait, in one statement: the first write of a run.
   */
  void begin(RunRef run, List<LogEntry> entries);

  /**
   * Upserts the run's last logs and ends it like {@link #complete}, in one statement (one
   * transaction when it failed, with its failure run). A run that ends before its first wait never
   * calls {@link #begin}: this is its only write.
   */
  void completeWithLogs(
      RunRef run, List<LogEntry> entries, String status, String errorMessage, JsonNode output);

  /** Upserts logs of nodes evaluated in workflow code, in the given order. */
  void writeLogs(RunRef run, List<LogEntry> entries);

  /** Ends the run with a terminal status and, when it failed, the message naming the node. */
  void finish(RunRef run, String status, String errorMessage);

  /** Moves the run from {@code running} to {@code waiting}: a node waits for outside input. */
  void markWaiting(RunRef run);

  /** Moves the run from {@code waiting} back to {@code running}. */
  void markResumed(RunRef run);

  /**
   * Records that {@code nodeId} waits for events with {@code key} until {@code expiresAtMillis}, so
   * {@code POST /workflows/events} finds the run.
   */
  void openEventWait(RunRef run, String nodeId, String key, long expiresAtMillis);

  /** Forgets the event wait of {@code nodeId} (delivered, timed out or cancelled). */
  void closeEventWait(RunRef run, String nodeId);

  /**
   * Returns {@code value} when it is small enough for history, else stores it in the run's slot
   * {@code owner} and returns its reference {@code {"$ref": "pl_…"}}.
   */
  JsonNode offload(RunRef run, String owner, JsonNode value);

  /**
   * Ends the run like {@link #finish} and records its result (the output of the last node to
   * finish, possibly a claim-check reference; {@code null} unless it completed).
   */
  void complete(RunRef run, String status, String errorMessage, JsonNode output);

  /**
   * Records the waits that began ({@code opened}, prompts rendered here) and ended ({@code closed})
   * and, when {@code status} is {@code waiting} or {@code running}, moves the run there, in one
   * transaction.
   */
  void updateWaits(RunRef run, List<WaitEntry> opened, List<String> closed, String status);
}

package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Node;
import io.flowd.model.RunRef;
import io.flowd.worker.activity.LogEntry;
import io.flowd.worker.activity.RunBookkeeping;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The run's writes to PostgreSQL: it collects node logs and flushes them before each wait, marks
 * the run running and writes its terminal status. How many writes that takes depends on the run's
 * {@link HistoryVersions}: from {@link HistoryVersions#FOLDED_BOOKKEEPING} on, the first flush also
 * marks the run running and the last logs travel with the terminal status.
 */
final class RunRecorder {
  /** Longest summary of a log batch; the UI shows summaries on one line. */
  private static final int SUMMARY_CHARS = 200;

  private final RunRef run;
  private final RunBookkeeping bookkeeping;
  private final Function<String, RunBookkeeping> summarized;
  private final List<LogEntry> pending = new ArrayList<>();
  private HistoryVersions versions = HistoryVersions.unread();
  private boolean begun;
  private List<LogEntry> carried;
  private boolean carriedLanded;

  /**
   * @param summarized makes a bookkeeping stub whose calls carry a summary
   */
  RunRecorder(RunRef run, RunBookkeeping bookkeeping, Function<String, RunBookkeeping> summarized) {
    this.run = run;
    this.bookkeeping = bookkeeping;
    this.summarized = summarized;
  }

  /** Takes the run's gates once it has read them. */
  void versions(HistoryVersions versions) {
    this.versions = versions;
  }

  /** Marks the run running, unless its first flush does ({@code folded}). */
  void markRunning() {
    if (!versions.folded()) {
      (versions.viewed() ? summarized.apply("run " + run.runId() + " starts") : bookkeeping)
          .markRunning(run);
    }
  }

  /** Adds the log of a node that ran in workflow code or that its activity could not log. */
  void log(Node node, String status, JsonNode output, String handle, int attempt, long startedAt) {
    add(
        new LogEntry(
            node.id(),
            node.componentId(),
            status,
            output,
            attempt,
            Workflow.currentTimeMillis() - startedAt,
            handle));
  }

  /** Adds a log entry to the next write. */
  void add(LogEntry entry) {
    pending.add(entry);
  }

  /**
   * Hands the run's first write to the node activity about to start, when the run is {@link
   * HistoryVersions#lean} and has not begun: returns the logs it carries (the activity marks the
   * run running with them before its call), or {@code null} when the activity carries nothing.
   */
  List<LogEntry> carryBegin() {
    if (!versions.lean() || begun || carried != null) {
      return null;
    }
    carried = takePending();
    return carried;
  }

  /** Records that the activity carrying the run's first write succeeded, so the write landed. */
  void beginLanded() {
    carriedLanded = true;
  }

  /**
   * Writes the logs not written yet; the run's first flush marks it running when folded, unless a
   * node activity carries that write and {@code mayRide} (no control node runs, so nothing reads
   * the run's status before the activity writes it) and no log was added since.
   */
  void flush(boolean mayRide) {
    if (versions.folded() && !begun) {
      // The run's first write marks it running, with the logs of what ran before its first wait.
      begun = true;
      if (carried != null && mayRide && pending.isEmpty()) {
        return;
      }
      List<LogEntry> first = takePending();
      summarized.apply(beginSummary(first)).begin(run, first);
      return;
    }
    if (!pending.isEmpty()) {
      RunBookkeeping writer =
          versions.viewed() ? summarized.apply(logsSummary(pending)) : bookkeeping;
      writer.writeLogs(run, List.copyOf(pending));
      pending.clear();
    }
  }

  /**
   * Writes the logs not written yet and the run's terminal status and, from {@link
   * HistoryVersions#RUN_VIEW} on, its result; from {@link HistoryVersions#FOLDED_BOOKKEEPING} on in
   * one write.
   */
  void end(String status, String errorMessage, JsonNode output) {
    if (versions.folded()) {
      List<LogEntry> last = takePending();
      if (carried != null && !carriedLanded) {
        // The activity that carried the first write may not have run: its logs are written again.
        List<LogEntry> all = new ArrayList<>(carried);
        all.addAll(last);
        last = List.copyOf(all);
      }
      summarized
          .apply(endSummary(status, last))
          .completeWithLogs(run, last, status, errorMessage, output);
      return;
    }
    flush(true);
    if (versions.viewed()) {
      summarized
          .apply("run " + run.runId() + " " + status)
          .complete(run, status, errorMessage, output);
    } else {
      bookkeeping.finish(run, status, errorMessage);
    }
  }

  /** Fails the run after a bookkeeping write gave up, without its pending logs. */
  void failAfterBookkeeping(String message) {
    bookkeeping.finish(run, "failed", message);
  }

  private List<LogEntry> takePending() {
    List<LogEntry> taken = List.copyOf(pending);
    pending.clear();
    return taken;
  }

  private String beginSummary(List<LogEntry> entries) {
    String starts = "run " + run.runId() + " starts";
    return entries.isEmpty() ? starts : starts + "; " + logsSummary(entries);
  }

  private String endSummary(String status, List<LogEntry> entries) {
    String ends = "run " + run.runId() + " " + status;
    return entries.isEmpty() ? ends : ends + "; " + logsSummary(entries);
  }

  /** Names the nodes whose logs a batch writes, so nodes run in workflow code show in the UI. */
  private static String logsSummary(List<LogEntry> entries) {
    StringBuilder text = new StringBuilder("logs: ");
    for (int k = 0; k < entries.size(); k++) {
      String next =
          (k == 0 ? "" : ", ") + entries.get(k).nodeId() + " · " + entries.get(k).componentId();
      if (text.length() + next.length() > SUMMARY_CHARS) {
        text.append(" and ").append(entries.size() - k).append(" more");
        break;
      }
      text.append(next);
    }
    return text.toString();
  }
}

package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.RunStatus;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/** Follows a run: prints each new node log once, and progress while it waits. */
final class RunWatch {
  private static final long POLL_MILLIS = 500;

  private final ApiClient api;
  private final PrintStream out;
  private final PrintStream progress;
  private final Set<String> printed = new HashSet<>();

  RunWatch(ApiClient api, PrintStream out, PrintStream progress) {
    this.api = api;
    this.out = out;
    this.progress = progress;
  }

  /** Returns whether the run has ended, by the model's one definition ({@link RunStatus}). */
  static boolean terminal(JsonNode run) {
    RunStatus status = RunStatus.fromJson(run.path("status").asText());
    return status != null && status.isTerminal();
  }

  /** Prints the logs of {@code run} not printed yet. */
  void printNewLogs(JsonNode run) {
    if (out == null) {
      return;
    }
    for (JsonNode log : run.path("logs")) {
      String id = log.path("id").asText() + "/" + log.path("status").asText();
      if (printed.add(id)) {
        out.println(line(log));
      }
    }
  }

  /** Polls the run until it ends, printing logs (when following) and progress; returns it. */
  JsonNode untilEnd(String runId) {
    long started = System.nanoTime();
    long lastProgress = 0;
    while (true) {
      JsonNode run = api.get("/workflows/runs/" + runId);
      printNewLogs(run);
      if (terminal(run)) {
        return run;
      }
      long seconds = (System.nanoTime() - started) / 1_000_000_000L;
      if (progress != null && seconds >= lastProgress + 5) {
        lastProgress = seconds;
        progress.println(
            "waiting for run "
                + runId
                + ": "
                + run.path("status").asText()
                + " after "
                + seconds
                + " s");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(
            ExitCodes.FAILED, "Interrupted while waiting for run " + runId + ".");
      }
    }
  }

  static String line(JsonNode log) {
    String output = log.path("output").isMissingNode() ? "" : " " + log.path("output").toString();
    if (output.length() > 200) {
      output = output.substring(0, 197) + "...";
    }
    return log.path("created_at").asText()
        + " "
        + log.path("node_id").asText()
        + " ("
        + log.path("component_id").asText()
        + ") "
        + log.path("status").asText()
        + " in "
        + log.path("duration_ms").asLong()
        + " ms"
        + output;
  }

  static String summary(JsonNode run) {
    String error =
        run.path("error_message").isTextual() ? ": " + run.path("error_message").asText() : "";
    return "run " + run.path("id").asText() + " " + run.path("status").asText() + error;
  }
}

package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowd logs <run> [--follow]}. */
@Command(
    name = "logs",
    description = "Print a run's node logs; --follow waits for new ones until it ends.")
final class LogsCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "RUN")
  String runId;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing until the run ends.")
  boolean follow;

  @Override
  public Integer call() {
    ApiClient api = global.api();
    JsonNode run = api.get("/workflows/runs/" + ApiClient.encode(runId));
    if (global.json()) {
      if (follow && !RunWatch.terminal(run)) {
        run = new RunWatch(api, null, global.err()).untilEnd(runId);
      }
      global.printJson(run.path("logs"));
      return ExitCodes.OK;
    }
    RunWatch watch = new RunWatch(api, global.out(), null);
    watch.printNewLogs(run);
    if (follow && !RunWatch.terminal(run)) {
      run = watch.untilEnd(runId);
    }
    global.out().println(RunWatch.summary(run));
    return ExitCodes.OK;
  }
}

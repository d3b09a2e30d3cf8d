package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowd logs <run> [--follow]}. */
@Command(
    name = "logs",
    description = "Print a run's node logs; --follow waits for new ones until it ends.")
final class LogsCommand implements Callable<Integer> {
  @ParentCommand FlowdCli root;

  @Parameters(paramLabel = "RUN")
  String runId;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing until the run ends.")
  boolean follow;

  @Override
  public Integer call() {
    ApiClient api = root.global().api();
    JsonNode run = api.get("/workflows/runs/" + ApiClient.encode(runId));
    if (root.global().json()) {
      if (follow && !RunWatch.terminal(run)) {
        run = new RunWatch(api, null, root.global().err()).untilEnd(runId);
      }
      root.global().printJson(run.path("logs"));
      return ExitCodes.OK;
    }
    RunWatch watch = new RunWatch(api, root.global().out(), null);
    watch.printNewLogs(run);
    if (follow && !RunWatch.terminal(run)) {
      run = watch.untilEnd(runId);
    }
    root.global().out().println(RunWatch.summary(run));
    return ExitCodes.OK;
  }
}

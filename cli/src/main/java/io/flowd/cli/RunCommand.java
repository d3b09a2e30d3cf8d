package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowd run <key|id> [--context file] [--wait]}. */
@Command(
    name = "run",
    description = "Start a run; with --wait, print its logs and exit 1 unless it completes.")
final class RunCommand implements Callable<Integer> {
  @ParentCommand FlowdCli root;

  @Parameters(paramLabel = "KEY|ID")
  String workflow;

  @Option(names = "--context", paramLabel = "FILE", description = "A JSON file: the run's context.")
  Path context;

  @Option(names = "--wait", description = "Wait for the run to end.")
  boolean wait;

  @Override
  public Integer call() {
    ApiClient api = root.global().api();
    JsonNode contextJson = null;
    if (context != null) {
      try {
        contextJson = Json.parse(Files.readString(context));
      } catch (IOException | IllegalArgumentException e) {
        throw new CliException(
            ExitCodes.FAILED, "Cannot read the context file " + context + ": " + e.getMessage());
      }
    }
    JsonNode run = api.execute(Workflows.idOf(api, workflow), contextJson);
    String runId = run.path("id").asText();
    if (!wait) {
      if (root.global().json()) {
        root.global().printJson(run);
      } else {
        root.global().out().println("started " + RunWatch.summary(run));
      }
      return ExitCodes.OK;
    }
    if (!root.global().json()) {
      root.global().out().println("started run " + runId);
    }
    RunWatch watch =
        new RunWatch(api, root.global().json() ? null : root.global().out(), root.global().err());
    JsonNode end = watch.untilEnd(runId);
    if (root.global().json()) {
      root.global().printJson(end);
    } else {
      root.global().out().println(RunWatch.summary(end));
    }
    return "completed".equals(end.path("status").asText()) ? ExitCodes.OK : ExitCodes.FAILED;
  }
}

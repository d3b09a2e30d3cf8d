package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flowd runs [--status failed] [--workflow key]}: recent runs, newest first. */
@Command(name = "runs", description = "List recent runs, newest first.")
final class RunsCommand implements Callable<Integer> {
  @ParentCommand FlowdCli root;

  @Option(names = "--status", description = "Only runs of this status (such as failed).")
  String status;

  @Option(names = "--workflow", paramLabel = "KEY|ID", description = "Only runs of this workflow.")
  String workflow;

  @Option(names = "--limit", description = "How many runs (default 25, at most 100).")
  int limit = 25;

  @Override
  public Integer call() {
    ApiClient api = root.global().api();
    StringBuilder path =
        new StringBuilder("/workflows/runs?per_page=").append(Math.max(1, Math.min(100, limit)));
    if (status != null) {
      path.append("&status=").append(ApiClient.encode(status));
    }
    if (workflow != null) {
      path.append("&workflow_id=").append(Workflows.idOf(api, workflow));
    }
    JsonNode page = api.get(path.toString());
    if (root.global().json()) {
      root.global().printJson(page.path("data"));
      return ExitCodes.OK;
    }
    for (JsonNode run : page.path("data")) {
      root.global()
          .out()
          .printf(
              "%-24s %-22s %-10s %s%n",
              run.path("id").asText(),
              run.path("workflow_id").asText(),
              run.path("status").asText(),
              run.path("created_at").asText());
    }
    root.global().out().println(page.path("meta").path("total").asLong() + " run(s) in all.");
    return ExitCodes.OK;
  }
}

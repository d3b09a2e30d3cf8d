package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowd versions <key>}: the version history, newest first. */
@Command(name = "versions", description = "List a workflow's versions, newest first.")
final class VersionsCommand implements Callable<Integer> {
  @ParentCommand FlowdCli root;

  @Parameters(paramLabel = "KEY|ID")
  String workflow;

  @Override
  public Integer call() {
    ApiClient api = root.global().api();
    String id = Workflows.idOf(api, workflow);
    List<JsonNode> versions = api.all("/workflows/" + id + "/versions", 1000);
    if (root.global().json()) {
      root.global().printJson(versions);
      return ExitCodes.OK;
    }
    root.global()
        .out()
        .printf("%-8s %-28s %-16s %6s  %s%n", "VERSION", "CREATED", "BY", "RUNS", "CHANGE");
    for (JsonNode v : versions) {
      root.global()
          .out()
          .printf(
              "%-8s %-28s %-16s %6d  %s%n",
              v.path("version").asInt() + (v.path("current").asBoolean() ? "*" : ""),
              v.path("created_at").asText(),
              v.path("created_by").asText("-"),
              v.path("runs_count").asLong(),
              v.path("change_summary").asText(""));
    }
    return ExitCodes.OK;
  }
}

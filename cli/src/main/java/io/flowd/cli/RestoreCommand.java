package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowd restore <key> <version>}. */
@Command(
    name = "restore",
    description = "Make an old version current again (as a new version); open runs keep theirs.")
final class RestoreCommand implements Callable<Integer> {
  @ParentCommand FlowdCli root;

  @Parameters(index = "0", paramLabel = "KEY|ID")
  String workflow;

  @Parameters(index = "1", paramLabel = "VERSION")
  int version;

  @Override
  public Integer call() {
    ApiClient api = root.global().api();
    String id = Workflows.idOf(api, workflow);
    JsonNode answer = api.post("/workflows/" + id + "/versions/" + version + "/restore", null);
    if (root.global().json()) {
      root.global().printJson(answer);
    } else if (answer.path("changed").asBoolean()) {
      root.global()
          .out()
          .println(
              "restored version "
                  + version
                  + " of "
                  + workflow
                  + " as version "
                  + answer.path("version").asInt()
                  + ".");
    } else {
      root.global()
          .out()
          .println(
              "version " + version + " of " + workflow + " is already current; nothing changed.");
    }
    return ExitCodes.OK;
  }
}

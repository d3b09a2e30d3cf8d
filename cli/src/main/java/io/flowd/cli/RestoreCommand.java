package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code flowd restore <key> <version>}. */
@Command(
    name = "restore",
    description = "Make an old version current again (as a new version); open runs keep theirs.")
final class RestoreCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "KEY|ID")
  String workflow;

  @Parameters(index = "1", paramLabel = "VERSION")
  int version;

  @Override
  public Integer call() {
    ApiClient api = global.api();
    String id = Workflows.idOf(api, workflow);
    JsonNode answer = api.post("/workflows/" + id + "/versions/" + version + "/restore", null);
    if (global.json()) {
      global.printJson(answer);
    } else if (answer.path("changed").asBoolean()) {
      global
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
      global
          .out()
          .println(
              "version " + version + " of " + workflow + " is already current; nothing changed.");
    }
    return ExitCodes.OK;
  }
}

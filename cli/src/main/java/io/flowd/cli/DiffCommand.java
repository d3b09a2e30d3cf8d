package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code flowd diff <dir>} (what apply would change) and {@code flowd diff <key> <a> <b>} (what
 * changed between two versions).
 */
@Command(
    name = "diff",
    description = {
      "diff DIR: show what apply would change, per workflow.",
      "diff KEY A B: show what changed from version A to version B."
    })
final class DiffCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(arity = "1..3", paramLabel = "DIR | KEY A B")
  List<String> args;

  @Override
  public Integer call() {
    if (args.size() == 3) {
      return versions(args.get(0), args.get(1), args.get(2));
    }
    if (args.size() != 1) {
      throw new CliException(ExitCodes.USAGE, "Give a directory, or a key and two versions.");
    }
    ApiClient api = global.api();
    List<ApplyPlan.Step> steps =
        ApplyPlan.of(api, FilesCheck.validFiles(global, Path.of(args.get(0))), false);
    if (global.json()) {
      global.printJson(steps);
      return ExitCodes.OK;
    }
    for (ApplyPlan.Step step : steps) {
      global.out().println(step.key() + ": " + step.action() + " (" + step.summary() + ")");
      if (step.action() == ApplyPlan.Action.update) {
        DiffText.print(global.out(), step.diff(), "  ");
      }
    }
    return ExitCodes.OK;
  }

  private int versions(String key, String a, String b) {
    ApiClient api = global.api();
    String id = Workflows.idOf(api, key);
    JsonNode diff =
        api.get(
            "/workflows/"
                + id
                + "/versions/"
                + ApiClient.encode(a)
                + "/diff/"
                + ApiClient.encode(b));
    if (global.json()) {
      global.printJson(diff);
    } else {
      global
          .out()
          .println(key + " version " + a + " -> " + b + ": " + diff.path("summary").asText());
      var body = diff.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) body)
          .remove(List.of("workflow_id", "from", "to", "summary"));
      DiffText.print(global.out(), body, "  ");
    }
    return ExitCodes.OK;
  }
}

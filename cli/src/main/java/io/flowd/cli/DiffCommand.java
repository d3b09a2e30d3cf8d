package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

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
  @ParentCommand FlowdCli root;

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
    ApiClient api = root.global().api();
    List<ApplyPlan.Step> steps =
        ApplyPlan.of(api, FilesCheck.validFiles(root.global(), Path.of(args.get(0))), false);
    if (root.global().json()) {
      root.global().printJson(steps);
      return ExitCodes.OK;
    }
    for (ApplyPlan.Step step : steps) {
      root.global().out().println(step.key() + ": " + step.action() + " (" + step.summary() + ")");
      if (step.action() == ApplyPlan.Action.update) {
        DiffText.print(root.global().out(), step.diff(), "  ");
      }
    }
    return ExitCodes.OK;
  }

  private int versions(String key, String a, String b) {
    ApiClient api = root.global().api();
    String id = Workflows.idOf(api, key);
    JsonNode diff =
        api.get(
            "/workflows/"
                + id
                + "/versions/"
                + ApiClient.encode(a)
                + "/diff/"
                + ApiClient.encode(b));
    if (root.global().json()) {
      root.global().printJson(diff);
    } else {
      root.global()
          .out()
          .println(key + " version " + a + " -> " + b + ": " + diff.path("summary").asText());
      var body = diff.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) body)
          .remove(List.of("workflow_id", "from", "to", "summary"));
      DiffText.print(root.global().out(), body, "  ");
    }
    return ExitCodes.OK;
  }
}

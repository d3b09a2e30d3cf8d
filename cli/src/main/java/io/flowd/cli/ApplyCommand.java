package io.flowd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowd apply <dir> [--dry-run] [--prune]}: brings the server to the files. */
@Command(
    name = "apply",
    description =
        "Create or update the workflows of a folder's files (by key). Idempotent: files equal to"
            + " the server change nothing.")
final class ApplyCommand implements Callable<Integer> {
  @ParentCommand FlowdCli root;

  @Parameters(paramLabel = "DIR")
  Path dir;

  @Option(names = "--dry-run", description = "Show what would change; change nothing.")
  boolean dryRun;

  @Option(
      names = "--prune",
      description = "Also delete workflows managed by files that have no file here.")
  boolean prune;

  @Override
  public Integer call() {
    ApiClient api = root.global().api();
    List<ApplyPlan.Step> steps =
        ApplyPlan.of(api, FilesCheck.validFiles(root.global(), dir), prune);
    List<ApplyPlan.Step> done = new ArrayList<>();
    for (ApplyPlan.Step step : steps) {
      if (!dryRun) {
        step = carryOut(api, step);
      }
      done.add(step);
      if (!root.global().json()) {
        root.global()
            .out()
            .println(
                (dryRun ? "would " : "")
                    + step.action()
                    + " "
                    + step.key()
                    + (step.id() == null ? "" : " (" + step.id() + ")")
                    + ": "
                    + step.summary());
      }
    }
    if (root.global().json()) {
      root.global().printJson(done);
    } else {
      long changes = done.stream().filter(s -> s.action() != ApplyPlan.Action.unchanged).count();
      root.global()
          .out()
          .println(
              (dryRun ? "Dry run: " : "")
                  + changes
                  + " change(s), "
                  + (done.size() - changes)
                  + " unchanged.");
    }
    return ExitCodes.OK;
  }

  private ApplyPlan.Step carryOut(ApiClient api, ApplyPlan.Step step) {
    switch (step.action()) {
      case unchanged -> {
        return step;
      }
      case delete -> {
        api.delete("/workflows/" + step.id());
        return step;
      }
      case create, update, adopt -> {
        ObjectNode body = (ObjectNode) step.file().tree().deepCopy();
        body.put("key", step.key());
        body.put("managed_by", step.file().managedBy());
        var answer = api.put("/workflows/by-key/" + ApiClient.encode(step.key()), body);
        return new ApplyPlan.Step(
            step.key(),
            step.action(),
            answer.path("id").asText(),
            step.summary() + " -> version " + answer.path("version").asInt(),
            step.diff(),
            step.file());
      }
    }
    throw new IllegalStateException("unknown action " + step.action());
  }
}

package io.flowd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowd validate <files or dirs>}: checks files offline and lists every problem. */
@Command(
    name = "validate",
    description =
        "Check workflow files offline with the server's validator; exit 1 on any problem.")
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand FlowdCli root;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
  List<Path> paths;

  @Override
  public Integer call() {
    List<WorkflowFiles.Loaded> loaded = new WorkflowFiles().load(WorkflowFiles.collect(paths));
    List<WorkflowFiles.Problem> problems = new ArrayList<>();
    loaded.forEach(l -> problems.addAll(l.problems()));
    if (root.global().json()) {
      root.global()
          .printJson(
              java.util.Map.of(
                  "files", loaded.size(), "valid", problems.isEmpty(), "problems", problems));
    } else {
      problems.forEach(p -> root.global().out().println(p.line()));
      root.global()
          .out()
          .println(
              problems.isEmpty()
                  ? loaded.size() + " file(s) valid."
                  : problems.size() + " problem(s) in " + loaded.size() + " file(s).");
    }
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}

package io.flowd.cli;

import java.nio.file.Path;
import java.util.List;

/** Loads a folder of files for {@code diff} and {@code apply}, refusing it when any is invalid. */
final class FilesCheck {
  private FilesCheck() {}

  static List<WorkflowFiles.Loaded> validFiles(GlobalOptions global, Path dir) {
    List<WorkflowFiles.Loaded> loaded =
        new WorkflowFiles().load(WorkflowFiles.collect(List.of(dir)));
    long problems = 0;
    for (WorkflowFiles.Loaded file : loaded) {
      for (WorkflowFiles.Problem problem : file.problems()) {
        global.err().println(problem.line());
        problems++;
      }
    }
    if (problems > 0) {
      throw new CliException(
          ExitCodes.FAILED, problems + " problem(s) in the files; nothing was sent to the server.");
    }
    return loaded;
  }
}

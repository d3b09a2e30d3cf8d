package io.flowd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowd} command: workflow files (validate, diff, apply, export), runs (run, runs,
 * logs), versions (versions, diff, restore) and tokens. Exit codes are {@link ExitCodes}; errors
 * are printed as one sentence on standard error.
 */
@Command(
    name = "flowd",
    mixinStandardHelpOptions = true,
    version = "flowd 0.1.0",
    description = "Work with a flowd server and workflow files.",
    subcommands = {
      ValidateCommand.class,
      DiffCommand.class,
      ApplyCommand.class,
      ExportCommand.class,
      RunCommand.class,
      RunsCommand.class,
      LogsCommand.class,
      VersionsCommand.class,
      RestoreCommand.class,
      TokenCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:invalid files, or the run failed",
      "2:wrong command line",
      "3:server unreachable or failing",
      "4:token refused",
      "5:request refused (such as an unknown workflow)"
    })
public final class FlowdCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin GlobalOptions global;

  /** Returns the options every command shares. */
  GlobalOptions global() {
    return global;
  }

  /** Runs the tool and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool and returns its exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new FlowdCli());
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof CliException failure) {
            line.getErr().println(failure.getMessage());
            return failure.exitCode();
          }
          line.getErr().println("flowd failed: " + e);
          return ExitCodes.FAILED;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

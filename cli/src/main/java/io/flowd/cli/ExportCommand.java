package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flowd export [--all | <id or key>...] <dir>}: writes files that apply back unchanged. */
@Command(
    name = "export",
    description = "Write workflows as files (KEY.yaml) that apply back with no change.")
final class ExportCommand implements Callable<Integer> {
  @ParentCommand FlowdCli root;

  @Option(names = "--all", description = "Export every workflow of the tenant.")
  boolean all;

  @Option(names = "--format", paramLabel = "yaml|json", description = "File format (default yaml).")
  String format = "yaml";

  @Parameters(arity = "1..*", paramLabel = "[ID|KEY...] DIR")
  List<String> args;

  @Override
  public Integer call() {
    Path dir = Path.of(args.get(args.size() - 1));
    List<String> names = args.subList(0, args.size() - 1);
    if (all == !names.isEmpty()) {
      throw new CliException(
          ExitCodes.USAGE, "Give --all, or the workflows to export, then a directory.");
    }
    if (!format.equals("yaml") && !format.equals("json")) {
      throw new CliException(ExitCodes.USAGE, "The format is yaml or json, not " + format + ".");
    }
    ApiClient api = root.global().api();
    List<String> ids = new ArrayList<>();
    if (all) {
      api.all("/workflows", 100_000).forEach(w -> ids.add(w.path("id").asText()));
    } else {
      names.forEach(n -> ids.add(Workflows.idOf(api, n)));
    }
    List<String> written = new ArrayList<>();
    for (String id : ids) {
      JsonNode view = api.get("/workflows/" + id + "/file");
      Path file = dir.resolve(view.path("key").asText() + "." + format);
      WorkflowFiles.write(file, view.path("file"));
      written.add(file.toString());
      if (!root.global().json()) {
        root.global()
            .out()
            .println(
                "wrote " + file + " (" + id + ", version " + view.path("version").asInt() + ")");
      }
    }
    if (root.global().json()) {
      root.global().printJson(written);
    }
    return ExitCodes.OK;
  }
}

package io.flowd.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import io.flowd.model.files.WorkflowFile;
import io.flowd.model.validation.Validated;
import io.flowd.model.validation.WorkflowDraft;
import io.flowd.model.validation.WorkflowDraftReader;
import io.flowd.nodes.components.StandardComponents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads, checks and writes workflow files (YAML or JSON). Checks run offline with the server's
 * validator ({@link WorkflowDraftReader}) and component schemas; only checks that need the server's
 * database (vault names, the failure workflow) wait for {@code apply}.
 */
public final class WorkflowFiles {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());
  private static final Pattern NODE_PATH = Pattern.compile("^nodes\\[(\\d+)](?:\\.(.*))?$");

  private final WorkflowDraftReader reader =
      new WorkflowDraftReader(StandardComponents.registry(false));

  /**
   * One problem of one file.
   *
   * @param file the file
   * @param node the id of the node it is in, or {@code null}
   * @param field the field's path (such as {@code nodes[1].data.url}), or {@code null}
   * @param message what is wrong
   */
  public record Problem(String file, String node, String field, String message) {
    /** Returns the problem as one line: {@code file: node n2: nodes[1].data.url: message}. */
    public String line() {
      StringBuilder out = new StringBuilder(file).append(": ");
      if (node != null) {
        out.append("node ").append(node).append(": ");
      }
      if (field != null) {
        out.append(field).append(": ");
      }
      return out.append(message).toString();
    }
  }

  /**
   * A file read and checked.
   *
   * @param path where it is
   * @param key the workflow's key: the file's {@code key}, else its name without extension
   * @param tree its content as JSON, or {@code null} when it could not be read
   * @param draft the validated workflow, or {@code null} when there are problems
   * @param problems every problem found
   */
  public record Loaded(
      Path path, String key, JsonNode tree, WorkflowDraft draft, List<Problem> problems) {
    /** Returns the canonical file (what the server would export), for valid files. */
    public JsonNode canonical() {
      return WorkflowFile.of(key, draft);
    }

    /** Returns the file's {@code managed_by}, or {@code files}. */
    public String managedBy() {
      JsonNode managed = tree.path("managed_by");
      return managed.isTextual() ? managed.asText() : WorkflowFile.MANAGED_BY_FILES;
    }
  }

  /** Returns the workflow files among {@code paths}: files as given, directories' files sorted. */
  public static List<Path> collect(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> listed = Files.walk(path)) {
          listed
              .filter(Files::isRegularFile)
              .filter(WorkflowFiles::isWorkflowFile)
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new CliException(ExitCodes.FAILED, "Cannot read " + path + ": " + e.getMessage());
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new CliException(ExitCodes.FAILED, "There is no file or directory " + path + ".");
      }
    }
    return files;
  }

  private static boolean isWorkflowFile(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  /** Reads and checks every file, also that no key is used twice. */
  public List<Loaded> load(List<Path> files) {
    List<Loaded> loaded = new ArrayList<>();
    Map<String, Path> keys = new HashMap<>();
    for (Path file : files) {
      Loaded one = load(file);
      Path other = keys.putIfAbsent(one.key(), file);
      if (other != null) {
        List<Problem> problems = new ArrayList<>(one.problems());
        problems.add(
            new Problem(
                file.toString(),
                null,
                "key",
                "the key " + one.key() + " is also used by " + other));
        one = new Loaded(one.path(), one.key(), one.tree(), null, problems);
      }
      loaded.add(one);
    }
    return loaded;
  }

  /** Reads and checks one file. */
  public Loaded load(Path file) {
    String name = file.toString();
    String base = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    JsonNode tree;
    try {
      String text = Files.readString(file);
      JsonNode raw =
          name.toLowerCase(Locale.ROOT).endsWith(".json") ? Json.parse(text) : YAML.readTree(text);
      // One number and string representation on both sides of a comparison: through JSON text.
      tree = raw == null ? null : Json.parse(Json.write(raw));
    } catch (IOException | IllegalArgumentException e) {
      String why = e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
      return new Loaded(
          file,
          base,
          null,
          null,
          List.of(new Problem(name, null, null, "cannot be parsed: " + why)));
    }
    if (tree == null || !tree.isObject()) {
      return new Loaded(
          file, base, tree, null, List.of(new Problem(name, null, null, "must hold one object")));
    }
    List<Problem> problems = new ArrayList<>();
    String key = tree.path("key").isTextual() ? tree.path("key").asText() : base;
    if (!WorkflowFile.validKey(key)) {
      problems.add(
          new Problem(
              name,
              null,
              "key",
              "the key "
                  + key
                  + " is not a slug of letters, digits, dots, dashes and underscores"));
    }
    Validated<WorkflowDraft> draft = reader.readCreate(WorkflowFile.body(tree));
    for (ValidationError error : draft.errors()) {
      problems.add(problem(name, tree, error));
    }
    return new Loaded(
        file, key, tree, problems.isEmpty() ? draft.value() : null, List.copyOf(problems));
  }

  private static Problem problem(String file, JsonNode tree, ValidationError error) {
    String node = null;
    Matcher matcher = NODE_PATH.matcher(error.path() == null ? "" : error.path());
    if (matcher.matches()) {
      JsonNode id = tree.path("nodes").path(Integer.parseInt(matcher.group(1))).path("id");
      node = id.isTextual() ? id.asText() : "#" + matcher.group(1);
    }
    return new Problem(file, node, error.path(), error.message());
  }

  /** Writes {@code file} as YAML (or JSON when {@code path} ends in .json). */
  public static void write(Path path, JsonNode file) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      String text =
          path.toString().endsWith(".json")
              ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(file) + "\n"
              : YAML.writeValueAsString(file);
      Files.writeString(path, text);
    } catch (JsonProcessingException e) {
      throw new CliException(ExitCodes.FAILED, "Cannot write " + path + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "Cannot write " + path + ": " + e.getMessage());
    }
  }
}

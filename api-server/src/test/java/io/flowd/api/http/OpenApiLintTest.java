package io.flowd.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowd.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lints the served OpenAPI document with Redocly's CLI, pinned in {@code tools/openapi-lint}
 * (installed there by {@code npm ci} when missing; npm keeps its cache in ~/.npm). The document
 * must have no error, and no warning of a rule that {@code tools/openapi-lint/redocly.yaml} does
 * not list with its reason.
 */
class OpenApiLintTest {
  private static final Path TOOL = repositoryRoot().resolve("tools/openapi-lint");

  @Test
  void the_served_document_has_no_lint_error_and_only_the_listed_warnings() throws Exception {
    Path document = Path.of("target/openapi-lint/openapi.json").toAbsolutePath();
    Files.createDirectories(document.getParent());
    Files.writeString(
        document,
        Json.MAPPER
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(
                Json.parse(new String(OpenApiDocument.bytes(), StandardCharsets.UTF_8))));
    installWhenMissing();

    Path report = document.resolveSibling("lint.json");
    run(
        List.of(
            TOOL.resolve("node_modules/.bin/redocly").toString(),
            "lint",
            "--config",
            TOOL.resolve("redocly.yaml").toString(),
            "--format=json",
            document.toString()),
        report);
    JsonNode lint = Json.parse(Files.readString(report));
    Set<String> accepted = acceptedWarnings();
    List<String> errors = new ArrayList<>();
    List<String> unlisted = new ArrayList<>();
    Set<String> warned = new TreeSet<>();
    for (JsonNode problem : lint.path("problems")) {
      String rule = problem.path("ruleId").asText();
      String line =
          rule
              + " at "
              + problem.path("location").path(0).path("pointer").asText()
              + ": "
              + problem.path("message").asText();
      if (problem.path("severity").asText().equals("error")) {
        errors.add(line);
      } else if (!accepted.contains(rule)) {
        unlisted.add(line);
      } else {
        warned.add(rule);
      }
    }
    assertThat(lint.has("problems")).as("redocly's report %s", report).isTrue();
    assertThat(errors).as("lint errors in the served document (%s)", document).isEmpty();
    assertThat(unlisted)
        .as("warnings of rules redocly.yaml does not list with a reason (%s)", document)
        .isEmpty();
    assertThat(warned)
        .as("rules redocly.yaml lists that no longer warn (remove them)")
        .isEqualTo(accepted);
  }

  /** The rules redocly.yaml keeps at warn, each with its reason beside it. */
  private static Set<String> acceptedWarnings() throws IOException {
    JsonNode config =
        new ObjectMapper(new YAMLFactory()).readTree(TOOL.resolve("redocly.yaml").toFile());
    Set<String> out = new TreeSet<>();
    config
        .path("rules")
        .fields()
        .forEachRemaining(
            rule -> {
              if (rule.getValue().asText().equals("warn")) {
                out.add(rule.getKey());
              }
            });
    return out;
  }

  /** Runs {@code npm ci} unless the locked version of the CLI is already installed. */
  private static void installWhenMissing() throws Exception {
    String locked =
        Json.parse(Files.readString(TOOL.resolve("package-lock.json")))
            .path("packages")
            .path("node_modules/@redocly/cli")
            .path("version")
            .asText();
    Path installed = TOOL.resolve("node_modules/@redocly/cli/package.json");
    if (Files.exists(installed)
        && Json.parse(Files.readString(installed)).path("version").asText().equals(locked)) {
      return;
    }
    run(
        List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"),
        Path.of("target/openapi-lint/npm-ci.log").toAbsolutePath());
  }

  private static void run(List<String> command, Path output) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(TOOL.toFile());
    builder.environment().put("REDOCLY_TELEMETRY", "off");
    builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    builder.redirectOutput(output.toFile());
    builder.redirectError(output.resolveSibling(output.getFileName() + ".stderr").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
    if (command.get(0).equals("npm")) {
      assertThat(process.exitValue())
          .as(
              "%s failed:%n%s",
              command, Files.readString(output.resolveSibling(output.getFileName() + ".stderr")))
          .isZero();
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("tools/openapi-lint"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no tools/openapi-lint above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}

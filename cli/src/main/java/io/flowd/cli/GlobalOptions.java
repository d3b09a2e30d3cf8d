package io.flowd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.io.PrintStream;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes, before or after the command's name: the server, the token and
 * the output format.
 */
public final class GlobalOptions {
  /** Output formats. */
  public enum Format {
    human,
    json
  }

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "The flowd server (default: $FLOWD_URL, else http://localhost:8080).")
  String url;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "JWT",
      description = "The bearer token (default: $FLOWD_TOKEN).")
  String token;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      description = "human (default) or json, for scripts.")
  Format output = Format.human;

  /** Returns a client of the configured server. */
  public ApiClient api() {
    String base = url != null ? url : System.getenv().getOrDefault("FLOWD_URL", "");
    if (base.isBlank()) {
      base = "http://localhost:8080";
    }
    return new ApiClient(base, token != null ? token : System.getenv("FLOWD_TOKEN"));
  }

  /** Returns whether the output is JSON. */
  public boolean json() {
    return output == Format.json;
  }

  /** Prints {@code value} as indented JSON on standard output. */
  public void printJson(Object value) {
    out().println(Json.MAPPER.valueToTree(value).toPrettyString());
  }

  /** Prints {@code node} as indented JSON on standard output. */
  public void printJson(JsonNode node) {
    out().println(node.toPrettyString());
  }

  /** Returns standard output. */
  public PrintStream out() {
    return System.out;
  }

  /** Returns standard error, for progress and problems. */
  public PrintStream err() {
    return System.err;
  }
}

package io.flowd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code flowd-cli.jar} against a running server, one tenant per test. */
class FlowdCliJarTest {
  private static final Path JAR = Path.of("target", "flowd-cli.jar");

  private static final String MAPPER =
      """
      {"name": "Mapper",
       "nodes": [
         {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
         {"id": "n2", "type": "action",
          "data": {"componentId": "data_mapper", "mappings": {"ok": true}}}],
       "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
      """;

  private static CliTestServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    server = new CliTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The outcome of one run of the jar. */
  record Result(int exit, String out, String err) {
    List<String> errLines() {
      return err.isBlank() ? List.of() : List.of(err.strip().split("\n"));
    }
  }

  private static Result flowd(String tenant, String... args) throws Exception {
    return flowdWith(
        Map.of("FLOWD_URL", server.url(), "FLOWD_TOKEN", CliTestServer.token(tenant)), args);
  }

  private static Result flowdWith(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.remove("FLOWD_URL");
    environment.remove("FLOWD_TOKEN");
    environment.remove("FLOWD_JWT_SECRET");
    environment.putAll(env);
    Path out = Files.createTempFile("flowd-out", ".txt");
    Path err = Files.createTempFile("flowd-err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("flowd finished").isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Result ok(Result result) {
    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    return result;
  }

  private static ApiClient api(String tenant) {
    return new ApiClient(server.url(), CliTestServer.token(tenant));
  }

  private static String create(String tenant, String body) {
    return api(tenant).post("/workflows", Json.parse(body)).path("id").asText();
  }

  private static long versions(String tenant, String id) {
    return api(tenant).get("/workflows/" + id + "/versions").path("meta").path("total").asLong();
  }

  @Test
  void export_then_apply_changes_nothing_and_an_edit_shows_in_diff_apply_and_versions()
      throws Exception {
    String id = create("t-export", MAPPER);
    ok(flowd("t-export", "export", "--all", dir.toString()));
    Path file = dir.resolve(id + ".yaml");
    assertThat(file).exists();

    Result applied = ok(flowd("t-export", "apply", dir.toString()));
    assertThat(applied.out()).contains("adopt " + id);
    assertThat(versions("t-export", id)).isEqualTo(1);
    assertThat(ok(flowd("t-export", "apply", dir.toString())).out())
        .contains("0 change(s), 1 unchanged");

    Files.writeString(file, Files.readString(file).replace("ok: true", "ok: false"));
    Result diff = ok(flowd("t-export", "diff", dir.toString()));
    assertThat(diff.out())
        .contains(id + ": update")
        .contains("~ node n2 /data/mappings/ok: true -> false");
    ok(flowd("t-export", "apply", dir.toString()));
    Result history = ok(flowd("t-export", "versions", id));
    assertThat(history.out())
        .contains("2*")
        .contains("nodes: 1 modified")
        .contains("t-export-user");
    assertThat(versions("t-export", id)).isEqualTo(2);

    Result between = ok(flowd("t-export", "diff", id, "1", "2"));
    assertThat(between.out()).contains("/data/mappings/ok: true -> false");
    assertThat(ok(flowd("t-export", "restore", id, "1")).out()).contains("as version 3");
    JsonNode json =
        Json.parse(ok(flowd("t-export", "--output", "json", "diff", dir.toString())).out());
    assertThat(json.get(0).path("action").asText()).isEqualTo("update");
  }

  @Test
  void validate_lists_every_error_of_a_broken_file_with_exit_1() throws Exception {
    Files.writeString(
        dir.resolve("broken.yaml"),
        """
        name: Broken
        nodes:
          - {id: n1, type: trigger, data: {componentId: manual_trigger}}
          - {id: n2, type: action, data: {componentId: delay, duration: -1, unit: hours}}
          - {id: n3, type: action, data: {componentId: nope}}
        edges:
          - {id: e1, source: n1, target: n2}
          - {id: e2, source: n2, target: n9}
        """);
    Files.writeString(dir.resolve("good.json"), MAPPER);
    Result result = flowdWith(Map.of(), "validate", dir.toString());
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("broken.yaml: node n2: nodes[1].data.duration")
        .contains("broken.yaml: node n3: nodes[2].data.componentId: unknown component 'nope'")
        .contains("broken.yaml: edges[1].target")
        .doesNotContain("good.json");
  }

  @Test
  void run_wait_on_a_failing_workflow_exits_non_zero() throws Exception {
    String failing =
        """
        {"name": "Fails",
         "nodes": [
           {"id": "n1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
           {"id": "n2", "type": "action",
            "data": {"componentId": "terminate", "status": "failed", "message": "stopped on purpose"}}],
         "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}
        """;
    Files.writeString(dir.resolve("fails.json"), failing);
    ok(flowd("t-run", "apply", dir.toString()));
    Result result = flowd("t-run", "run", "fails", "--wait");
    assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(1);
    assertThat(result.out()).contains("failed: stopped on purpose");
    Result runs = ok(flowd("t-run", "runs", "--status", "failed"));
    assertThat(runs.out()).contains("failed").contains("1 run(s)");
  }

  @Test
  void apply_prune_deletes_only_managed_workflows() throws Exception {
    String unmanaged = create("t-prune", MAPPER);
    Files.writeString(dir.resolve("keep.json"), MAPPER);
    Files.writeString(dir.resolve("drop.json"), MAPPER);
    ok(flowd("t-prune", "apply", dir.toString()));
    Files.delete(dir.resolve("drop.json"));
    Result dry = ok(flowd("t-prune", "apply", "--prune", "--dry-run", dir.toString()));
    assertThat(dry.out()).contains("would delete drop");
    assertThat(api("t-prune").getOrNull("/workflows/by-key/drop")).isNotNull();
    Result pruned = ok(flowd("t-prune", "apply", "--prune", dir.toString()));
    assertThat(pruned.out()).contains("delete drop").doesNotContain(unmanaged);
    assertThat(api("t-prune").getOrNull("/workflows/by-key/drop")).isNull();
    assertThat(api("t-prune").getOrNull("/workflows/by-key/keep")).isNotNull();
    assertThat(api("t-prune").getOrNull("/workflows/" + unmanaged)).isNotNull();
  }

  @Test
  void a_wrong_token_and_an_unreachable_server_each_give_one_clear_line() throws Exception {
    Result wrong =
        flowdWith(Map.of("FLOWD_URL", server.url(), "FLOWD_TOKEN", "not-a-token"), "runs");
    assertThat(wrong.exit()).isEqualTo(ExitCodes.UNAUTHORIZED);
    assertThat(wrong.errLines()).hasSize(1);
    assertThat(wrong.err()).startsWith("The server refused the token").doesNotContain("Exception");

    Result down = flowdWith(Map.of("FLOWD_TOKEN", "x"), "--url", "http://127.0.0.1:9", "runs");
    assertThat(down.exit()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(down.errLines()).hasSize(1);
    assertThat(down.err()).startsWith("Cannot reach the flowd server at http://127.0.0.1:9");
  }

  @Test
  void token_signs_with_the_server_secret_for_another_team() throws Exception {
    Result token =
        ok(
            flowdWith(
                Map.of("FLOWD_JWT_SECRET", CliTestServer.SECRET),
                "token",
                "--sub",
                "ada",
                "--team",
                "t-token",
                "--ttl",
                "10m"));
    String id = create("t-token", MAPPER);
    Result listed =
        ok(
            flowdWith(
                Map.of("FLOWD_URL", server.url(), "FLOWD_TOKEN", token.out().strip()),
                "versions",
                id));
    assertThat(listed.out()).contains("1*");
  }
}

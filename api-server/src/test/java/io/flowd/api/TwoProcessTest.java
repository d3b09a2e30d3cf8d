package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.flowd.model.Json;
import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import io.temporal.testserver.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Production's shape: the API ({@code ApiServer}) and the worker ({@code WorkerMain}) as two JVMs
 * configured by environment variables, against a port-bound Temporal test server and PostgreSQL.
 */
class TwoProcessTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path LOGS = Path.of("target", "two-process");

  private static TestServer.PortBoundTestServer temporal;
  private static String temporalAddress;
  private static String databaseUrl;
  private static Database database;

  @BeforeAll
  static void start() throws IOException {
    int temporalPort = freePort();
    temporal = TestServer.createPortBoundServer(temporalPort);
    temporalAddress = "127.0.0.1:" + temporalPort;
    databaseUrl =
        DatabaseBootstrap.freshMigratedDatabase(DatabaseBootstrap.testBaseUrl(), "flowd_2p");
    database = Database.connect(databaseUrl, 2);
    Files.createDirectories(LOGS);
  }

  @AfterAll
  static void stop() {
    database.close();
    DatabaseBootstrap.drop(databaseUrl);
    temporal.close();
  }

  @Test
  void a_run_executes_across_api_and_worker_processes_which_exit_0_on_sigterm() throws Exception {
    int apiPort = freePort();
    int workerMetricsPort = freePort();
    Map<String, String> env = env();
    Process worker =
        launch(
            "io.flowd.worker.WorkerMain",
            env,
            Map.of("FLOWD_WORKER_METRICS_PORT", Integer.toString(workerMetricsPort)),
            "worker.log");
    Process api = launchApi(env, apiPort, "api.log");
    try {
      String apiBase = "http://127.0.0.1:" + apiPort;
      String workerBase = "http://127.0.0.1:" + workerMetricsPort;
      awaitHealthy(api, apiBase + "/health");
      awaitHealthy(worker, workerBase + "/health");
      String token = FlowdHarness.token("two-process");

      HttpResponse<String> created =
          send(
              "POST",
              apiBase + "/workflows",
              token,
              """
              {"name": "Across processes", "nodes": [
                 {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
                 {"id": "node_2", "type": "action",
                  "data": {"componentId": "data_mapper", "mappings": {"hi": "{{ trigger.who }}"}}}],
               "edges": [{"id": "e1", "source": "node_1", "target": "node_2"}]}
              """);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String workflowId = Json.parse(created.body()).path("id").asText();
      HttpResponse<String> started =
          send(
              "POST",
              apiBase + "/workflows/" + workflowId + "/execute",
              token,
              "{\"context\": {\"who\": \"Ada\"}}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String runId = Json.parse(started.body()).path("id").asText();
      JsonNode run = awaitCompleted(apiBase, token, runId);

      assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
      assertThat(run.path("logs").toString()).contains("Ada");
      assertThat(send("GET", apiBase + "/metrics", null, null).body())
          .containsPattern("flowd_runs_started_total\\{trigger_type=\"manual\"} 1(\\.0)?\n")
          .contains("flowd_http_requests_seconds_count{route=\"/workflows/{id}/execute\"");
      String workerMetrics = awaitMetric(workerBase + "/metrics", "temporal_");
      assertThat(workerMetrics)
          .containsPattern("flowd_runs_finished_total\\{status=\"completed\"} 1(\\.0)?\n")
          .contains(
              "flowd_node_duration_seconds_count{component=\"data_mapper\",status=\"success\"}")
          .contains("temporal_");

      api.destroy();
      worker.destroy();
      assertThat(api.waitFor(60, TimeUnit.SECONDS)).as("API stopped").isTrue();
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker stopped").isTrue();
      assertThat(api.exitValue()).as(log("api.log")).isZero();
      assertThat(worker.exitValue()).as(log("worker.log")).isZero();
      assertThat(Files.readAllLines(LOGS.resolve("worker.log")))
          .as("JSON logs hold nothing but JSON objects")
          .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
      assertThat(jsonLines("worker.log"))
          .as("the worker's JSON log names the run and its Temporal execution")
          .anySatisfy(
              line -> {
                assertThat(line.path("mdc").path("run_id").asText()).isEqualTo(runId);
                assertThat(line.path("mdc").path("temporal_workflow_id").asText())
                    .endsWith(":" + runId);
              });
    } finally {
      api.destroyForcibly();
      worker.destroyForcibly();
    }
  }

  /**
   * The drained worker's run goes on on the other worker: against the test server, which never
   * releases a stopped worker's sticky queue, workers ask for no sticky routing.
   */
  @Test
  void sigterm_lets_the_worker_finish_and_log_the_activity_in_flight_then_exit_0()
      throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    AtomicInteger answered = new AtomicInteger();
    HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slow.createContext(
        "/slow",
        exchange -> {
          arrived.countDown();
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "{\"slow\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
          answered.incrementAndGet();
        });
    slow.start();
    int apiPort = freePort();
    Map<String, String> env = env();
    Map<String, String> workerEnv =
        Map.of("FLOWD_WORKER_METRICS_PORT", "0", "FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "true");
    Process api = launchApi(env, apiPort, "drain-api.log");
    Process first = launch("io.flowd.worker.WorkerMain", env, workerEnv, "drain-worker-1.log");
    Process second = null;
    try {
      String apiBase = "http://127.0.0.1:" + apiPort;
      awaitHealthy(api, apiBase + "/health");
      String token = FlowdHarness.token("drain");
      HttpResponse<String> created =
          send(
              "POST",
              apiBase + "/workflows",
              token,
              """
              {"name": "Slow node", "nodes": [
                 {"id": "node_1", "type": "trigger", "data": {"componentId": "manual_trigger"}},
                 {"id": "node_2", "type": "action",
                  "data": {"componentId": "webhook", "method": "GET",
                           "url": "http://127.0.0.1:%d/slow"}},
                 {"id": "node_3", "type": "action",
                  "data": {"componentId": "data_mapper", "mappings": {"after": "drain"}}}],
               "edges": [{"id": "e1", "source": "node_1", "target": "node_2"},
                         {"id": "e2", "source": "node_2", "target": "node_3"}]}
              """
                  .formatted(slow.getAddress().getPort()));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String workflowId = Json.parse(created.body()).path("id").asText();
      HttpResponse<String> started =
          send("POST", apiBase + "/workflows/" + workflowId + "/execute", token, "{}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String runId = Json.parse(started.body()).path("id").asText();

      assertThat(arrived.await(120, TimeUnit.SECONDS)).as(log("drain-worker-1.log")).isTrue();
      second = launch("io.flowd.worker.WorkerMain", env, workerEnv, "drain-worker-2.log");
      first.destroy();
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("first worker stopped").isTrue();
      assertThat(first.exitValue()).as(log("drain-worker-1.log")).isZero();
      assertThat(answered.get()).as("the call in flight was answered before the exit").isEqualTo(1);

      JsonNode run = awaitCompleted(apiBase, token, runId);
      assertThat(run.path("status").asText())
          .as("the run goes on on the other worker")
          .isEqualTo("completed");
      assertThat(run.path("logs"))
          .filteredOn(entry -> entry.path("node_id").asText().equals("node_2"))
          .as("the drained attempt finished, logged success and is not retried")
          .singleElement()
          .satisfies(
              entry -> {
                assertThat(entry.path("status").asText()).isEqualTo("success");
                assertThat(entry.path("attempt").asInt()).isEqualTo(1);
              });
    } finally {
      api.destroyForcibly();
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
      }
      slow.stop(0);
    }
  }

  /**
   * Two workers share the runs; one is killed with SIGKILL in the middle. Every run completes on
   * the survivor: workflow tasks are not left on the dead worker's sticky queue, and activities it
   * held time out on their heartbeat and run again.
   */
  @Test
  void kill_9_of_one_of_two_workers_leaves_no_run_stuck() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    sink.createContext(
        "/",
        exchange -> {
          calls.incrementAndGet();
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    sink.start();
    int apiPort = freePort();
    Map<String, String> env = env();
    Map<String, String> workerEnv =
        Map.of("FLOWD_WORKER_METRICS_PORT", "0", "FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "true");
    Process api = launchApi(env, apiPort, "kill-api.log");
    Process doomed = launch("io.flowd.worker.WorkerMain", env, workerEnv, "kill-worker-1.log");
    Process survivor = launch("io.flowd.worker.WorkerMain", env, workerEnv, "kill-worker-2.log");
    try {
      String apiBase = "http://127.0.0.1:" + apiPort;
      awaitHealthy(api, apiBase + "/health");
      String token = FlowdHarness.token("kill-9");
      String url = "http://127.0.0.1:" + sink.getAddress().getPort();
      HttpResponse<String> created =
          send(
              "POST",
              apiBase + "/workflows",
              token,
              """
              {"name": "Survives a kill", "nodes": [
                 {"id": "t", "type": "trigger", "data": {"componentId": "manual_trigger"}},
                 {"id": "a", "type": "action",
                  "data": {"componentId": "webhook", "method": "POST", "url": "%s/a"}},
                 {"id": "wait", "type": "action",
                  "data": {"componentId": "delay", "duration": 2, "unit": "seconds"}},
                 {"id": "b", "type": "action",
                  "data": {"componentId": "webhook", "method": "POST", "url": "%s/b"}},
                 {"id": "m", "type": "action",
                  "data": {"componentId": "data_mapper", "mappings": {"done": true}}}],
               "edges": [{"id": "e1", "source": "t", "target": "a"},
                         {"id": "e2", "source": "a", "target": "wait"},
                         {"id": "e3", "source": "wait", "target": "b"},
                         {"id": "e4", "source": "b", "target": "m"}]}
              """
                  .formatted(url, url));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String workflowId = Json.parse(created.body()).path("id").asText();
      List<String> runIds = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        HttpResponse<String> started =
            send("POST", apiBase + "/workflows/" + workflowId + "/execute", token, "{}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        runIds.add(Json.parse(started.body()).path("id").asText());
      }
      for (int i = 0; i < 600 && calls.get() < 20; i++) {
        Thread.sleep(100);
      }
      doomed.destroyForcibly();
      assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();

      List<String> notCompleted = new ArrayList<>(runIds);
      for (int round = 0; round < 600 && !notCompleted.isEmpty(); round++) {
        for (String runId : List.copyOf(notCompleted)) {
          JsonNode run =
              Json.parse(send("GET", apiBase + "/workflows/runs/" + runId, token, null).body());
          if ("completed".equals(run.path("status").asText())) {
            notCompleted.remove(runId);
          }
        }
        Thread.sleep(200);
      }
      assertThat(notCompleted).as("runs not completed two minutes after the kill").isEmpty();
    } finally {
      api.destroyForcibly();
      doomed.destroyForcibly();
      survivor.destroyForcibly();
      sink.stop(0);
    }
  }

  private static Map<String, String> env() {
    return Map.of(
        "DATABASE_URL",
        databaseUrl,
        "TEMPORAL_ADDRESS",
        temporalAddress,
        "FLOWD_LOG_FORMAT",
        "json",
        "FLOWD_SHUTDOWN_TIMEOUT_SECONDS",
        "10",
        "FLOWD_DB_POOL_SIZE",
        "3",
        "FLOWD_VAULT_KEY",
        FlowdHarness.VAULT_KEY);
  }

  private static Process launchApi(Map<String, String> env, int port, String logName)
      throws IOException {
    return launch(
        "io.flowd.api.app.ApiServer",
        env,
        Map.of("FLOWD_HTTP_PORT", Integer.toString(port), "FLOWD_JWT_SECRET", FlowdHarness.SECRET),
        logName);
  }

  private static Process launch(
      String mainClass, Map<String, String> env, Map<String, String> extra, String logName)
      throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            classpath,
            mainClass);
    builder.environment().putAll(env);
    builder.environment().putAll(extra);
    File log = LOGS.resolve(logName).toFile();
    builder.redirectErrorStream(true).redirectOutput(log);
    return builder.start();
  }

  private static void awaitHealthy(Process process, String url) throws Exception {
    for (int i = 0; i < 2400; i++) {
      assertThat(process.isAlive()).as("process died; see " + LOGS).isTrue();
      try {
        if (send("GET", url, null, null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError(url + " did not answer within 120 s");
  }

  private static JsonNode awaitCompleted(String base, String token, String runId) throws Exception {
    JsonNode run = null;
    for (int i = 0; i < 600; i++) {
      run = Json.parse(send("GET", base + "/workflows/runs/" + runId, token, null).body());
      if ("completed".equals(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(100);
    }
    return run;
  }

  private static String awaitMetric(String url, String needle) throws Exception {
    String body = "";
    for (int i = 0; i < 200 && !body.contains(needle); i++) {
      body = send("GET", url, null, null).body();
      if (!body.contains(needle)) {
        Thread.sleep(100);
      }
    }
    return body;
  }

  private static HttpResponse<String> send(String method, String url, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<JsonNode> jsonLines(String logName) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(LOGS.resolve(logName))) {
      if (line.startsWith("{")) {
        lines.add(Json.parse(line));
      }
    }
    return lines;
  }

  private static String log(String logName) {
    try {
      return Files.readString(LOGS.resolve(logName));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

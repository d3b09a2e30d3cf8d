package io.flowd.bench.chaos;

import io.flowd.stack.FlowdStack;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service under test as separate processes: a port-bound Temporal test server, the API and two
 * workers, against a PostgreSQL cluster of the harness's own that it may stop and start.
 */
final class ChaosStack implements AutoCloseable {
  static final String SECRET = "chaos-secret-chaos-secret-chaos-secret-0123456789";
  private static final String VAULT_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  /**
   * How long a started process may take to poll or open its port ({@code CHAOS_START_SECONDS},
   * default 120): a JVM starts in minutes on a machine loaded far beyond its cores.
   */
  private static final int START_SECONDS =
      Integer.parseInt(System.getenv().getOrDefault("CHAOS_START_SECONDS", "120"));

  private final Path logs;
  private final String databaseUrl;
  private final String pgVersion;
  private final String pgCluster;
  final int temporalPort = FlowdStack.freePort();
  final int apiPort = FlowdStack.freePort();
  private FlowdStack stack;
  private final Process[] workers = new Process[2];
  private int generation;
  private Path lastLog;

  ChaosStack(Path logs, String databaseUrl, String pgVersion, String pgCluster) {
    this.logs = logs;
    this.databaseUrl = databaseUrl;
    this.pgVersion = pgVersion;
    this.pgCluster = pgCluster;
  }

  void start() throws Exception {
    Files.createDirectories(logs);
    stack =
        FlowdStack.builder()
            .database(databaseUrl)
            .temporalPort(temporalPort)
            .env("FLOWD_JWT_SECRET", SECRET)
            .env("FLOWD_VAULT_KEY", VAULT_KEY)
            .env("FLOWD_SHUTDOWN_TIMEOUT_SECONDS", "20")
            .env("FLOWD_DB_POOL_SIZE", "8")
            .part("temporal", s -> temporalProcess(s))
            .part("api", s -> apiProcess(s))
            .part("worker-1", s -> workerProcess(s, 0))
            .part("worker-2", s -> workerProcess(s, 1))
            .start();
  }

  /** A process of the stack; closing it kills it (SIGKILL) and waits for it to exit. */
  private record Launched(Process process) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  String apiBase() {
    return "http://127.0.0.1:" + apiPort;
  }

  void startTemporal() throws Exception {
    stack.start("temporal", s -> temporalProcess(s));
  }

  private Launched temporalProcess(FlowdStack s) throws Exception {
    Process temporal =
        launch(
            s,
            TEST_SERVER_HEAP,
            "io.temporal.testserver.TestServer",
            Map.of(),
            "temporal",
            Integer.toString(temporalPort));
    awaitPort(temporalPort, temporal);
    return new Launched(temporal);
  }

  void killTemporal() throws InterruptedException {
    stack.stop("temporal");
  }

  void startApi() throws Exception {
    stack.start("api", s -> apiProcess(s));
  }

  private Launched apiProcess(FlowdStack s) throws Exception {
    Process api =
        launch(
            s,
            FLOWD_HEAP,
            "io.flowd.api.app.ApiServer",
            Map.of(
                "FLOWD_HTTP_PORT",
                Integer.toString(apiPort),
                "FLOWD_RATE_LIMIT_PER_MINUTE",
                "100000000"),
            "api");
    awaitPort(apiPort, api);
    return new Launched(api);
  }

  void killApi() throws InterruptedException {
    stack.stop("api");
  }

  /** Starts the worker and waits until it polls. */
  void startWorker(int index) throws Exception {
    stack.start("worker-" + (index + 1), s -> workerProcess(s, index));
  }

  private Launched workerProcess(FlowdStack s, int index) throws Exception {
    workers[index] =
        launch(
            s,
            FLOWD_HEAP,
            "io.flowd.worker.WorkerMain",
            Map.of("FLOWD_WORKER_METRICS_PORT", "0"),
            "worker-" + (index + 1));
    Path log = lastLog;
    for (int i = 0; i < START_SECONDS * 5; i++) {
      if (!workers[index].isAlive()) {
        throw new IllegalStateException("worker " + (index + 1) + " died on start; see " + log);
      }
      if (Files.exists(log) && Files.readString(log).contains("flowd worker polling")) {
        return new Launched(workers[index]);
      }
      Thread.sleep(200);
    }
    // Killed before a retry starts another, so no worker outlives the harness's count of them.
    killWorker(index);
    throw new IllegalStateException(
        "worker " + (index + 1) + " did not poll within " + START_SECONDS + " s");
  }

  /** Kills the worker with SIGKILL (kill -9). */
  void killWorker(int index) throws InterruptedException {
    workers[index].destroyForcibly();
    workers[index].waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the worker with SIGTERM and waits for it to exit; returns its exit code. */
  int stopWorker(int index) throws InterruptedException {
    workers[index].destroy();
    workers[index].waitFor(90, TimeUnit.SECONDS);
    return workers[index].exitValue();
  }

  void postgres(String action) throws Exception {
    if (pgCluster.equals("main") || databaseUrl.contains(":5432/")) {
      throw new IllegalStateException(
          "the harness stops only a PostgreSQL cluster of its own, never the shared one on 5432");
    }
    Process p =
        new ProcessBuilder(
                "pg_ctlcluster", "--skip-systemctl-redirect", pgVersion, pgCluster, action)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve("pg_ctlcluster.log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("pg_ctlcluster " + action + " failed; see the log");
    }
  }

  /**
   * Launches a process with the settings of {@code s}, the stack being started (the field {@link
   * #stack} is set only once every first part has started).
   */
  private static final String FLOWD_HEAP = "-Xmx384m";

  /**
   * The test server keeps every history in memory: at 384 MiB it ran out of heap after about 9,000
   * runs of a 30-minute soak.
   */
  private static final String TEST_SERVER_HEAP = "-Xmx3g";

  private Process launch(
      FlowdStack s,
      String heap,
      String mainClass,
      Map<String, String> extra,
      String name,
      String... args)
      throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin,
                heap,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = new HashMap<>(s.env());
    env.putAll(extra);
    builder.environment().putAll(env);
    lastLog = logs.resolve(name + "-" + (++generation) + ".log");
    File log = lastLog.toFile();
    builder.redirectErrorStream(true).redirectOutput(log);
    return builder.start();
  }

  private static void awaitPort(int port, Process process) throws Exception {
    for (int i = 0; i < START_SECONDS * 5; i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException("a process died on start; see target/chaos");
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(
        "port " + port + " did not open within " + START_SECONDS + " s");
  }

  @Override
  public void close() {
    if (stack != null) {
      stack.close();
    }
  }
}

package io.flowd.nodes.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of runner JVMs ({@link CodeRunnerMain}) that run {@code code} nodes, as n8n's task runners
 * do: each runner has a fixed heap, takes one call at a time, and is replaced when it dies, so at
 * most {@code size} scripts run at once per worker and no script can exhaust the worker's memory.
 * Runners are started and warmed before the first call takes them; one that ends a call by dying
 * (memory limit) or by being killed (its script ignored the timeout) is replaced in the background.
 */
public final class CodeRunners implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CodeRunners.class);
  private static final Map<Settings, CodeRunners> SHARED = new ConcurrentHashMap<>();

  /** Extra time a runner gets past the script's timeout before it is killed. */
  private static final long KILL_GRACE_MILLIS = 3_000;

  /** The exit status of a JVM ended by {@code -XX:+ExitOnOutOfMemoryError}. */
  private static final int OUT_OF_MEMORY_EXIT = 3;

  /** The first script of a runner: it takes the paths real scripts take, errors included. */
  private static final String WARM_UP =
      "try { Java.type('java.lang.System'); } catch (e) { console.log(String(e)); }\n"
          + "try { require('fs'); } catch (e) { console.log(e.message); }\n"
          + "console.log('warm', {ok: true});\n"
          + "return JSON.parse(JSON.stringify([1, 2, 3].map((x) => ({x: x * 2}))));";

  /** How long a call waits for a free runner before it fails (retryable). */
  private static final long WAIT_FOR_RUNNER_MILLIS = 60_000;

  /**
   * How runners are started.
   *
   * @param size how many runners (and so scripts at once) per process
   * @param heapMb each runner's heap ({@code -Xmx}), the scripts' memory limit
   */
  public record Settings(int size, int heapMb) {
    public Settings {
      if (size < 1 || heapMb < 32) {
        throw new IllegalArgumentException("code runners need size >= 1 and heap >= 32 MiB");
      }
    }
  }

  /** What a call gave: a result or an error, and the script's console lines. */
  public record Answer(
      JsonNode result, String errorType, String errorMessage, List<String> console) {
    /** Returns whether the script returned a value. */
    public boolean ok() {
      return errorType == null;
    }
  }

  private final Settings settings;
  private final LinkedBlockingQueue<Runner> idle = new LinkedBlockingQueue<>();
  private final ExecutorService starter;
  private final ScheduledExecutorService killer;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closed;

  /** Creates a pool that starts its runners on {@link #start} or the first call. */
  public CodeRunners(Settings settings) {
    this.settings = settings;
    this.starter =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "flowd-code-runner-start");
              thread.setDaemon(true);
              return thread;
            });
    this.killer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "flowd-code-runner-deadline");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Returns the one pool of this process for {@code settings}, created on first use. */
  public static CodeRunners shared(Settings settings) {
    return SHARED.computeIfAbsent(
        settings,
        s -> {
          CodeRunners runners = new CodeRunners(s);
          Runtime.getRuntime()
              .addShutdownHook(new Thread(runners::close, "flowd-code-runners-stop"));
          return runners;
        });
  }

  /** Starts and warms the runners in the background, once. */
  public CodeRunners start() {
    if (started.compareAndSet(false, true)) {
      for (int i = 0; i < settings.size(); i++) {
        replace();
      }
    }
    return this;
  }

  /** Returns the settings the pool was made with. */
  public Settings settings() {
    return settings;
  }

  /**
   * Runs {@code source} as {@code function ($) { source }} with {@code $} = {@code scope} on a free
   * runner, waiting for one when all are busy.
   */
  public Answer run(String source, JsonNode scope, long timeoutMillis) {
    start();
    Runner runner;
    try {
      runner = idle.poll(WAIT_FOR_RUNNER_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(null, "runner_unavailable", "interrupted while waiting", List.of());
    }
    if (runner == null) {
      return new Answer(
          null,
          "runner_unavailable",
          "no code runner became free within " + WAIT_FOR_RUNNER_MILLIS / 1000 + " s",
          List.of());
    }
    ObjectNode request = Json.object().put("source", source);
    request.put("scope_json", Json.write(scope)).put("timeout_ms", timeoutMillis);
    return callOn(runner, request, timeoutMillis);
  }

  /** Starts a runner in the background and adds it to the idle ones once it is warm. */
  private void replace() {
    if (closed) {
      return;
    }
    starter.execute(
        () -> {
          for (int attempt = 1; !closed; attempt++) {
            try {
              Runner runner = Runner.launch(settings.heapMb());
              runner.warm();
              idle.add(runner);
              return;
            } catch (IOException | RuntimeException e) {
              LOG.warn("could not start a code runner (attempt {}): {}", attempt, e.toString());
              try {
                Thread.sleep(Math.min(5_000, 200L * attempt));
              } catch (InterruptedException interrupted) {
                return;
              }
            }
          }
        });
  }

  /** Stops every runner. */
  @Override
  public void close() {
    closed = true;
    List<Runner> all = new ArrayList<>();
    idle.drainTo(all);
    all.forEach(Runner::kill);
    starter.shutdownNow();
    killer.shutdownNow();
  }

  /** One runner JVM and its pipes. */
  private static final class Runner {
    private final Process process;
    private final DataOutputStream in;
    private final DataInputStream out;

    private Runner(Process process) {
      this.process = process;
      this.in = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
      this.out = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    static Runner launch(int heapMb) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
              java,
              "-Xmx" + heapMb + "m",
              "-Xss4m",
              "-XX:+UseSerialGC",
              "-XX:+ExitOnOutOfMemoryError",
              "-XX:-UsePerfData",
              "-Dpolyglot.engine.WarnInterpreterOnly=false",
              "-cp",
              System.getProperty("java.class.path"),
              CodeRunnerMain.class.getName());
      // The runner sees none of the worker's environment (database passwords, tokens).
      builder.environment().clear();
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
      return new Runner(builder.start());
    }

    /** Runs a first script, so that the engine is loaded before a real call arrives. */
    void warm() throws IOException {
      Frames.write(
          in,
          Json.object().put("source", WARM_UP).put("scope_json", "{}").put("timeout_ms", 60_000));
      JsonNode answer = Frames.read(out);
      if (answer == null || !answer.has("result_json")) {
        kill();
        throw new IOException("the code runner did not answer its warm-up call: " + answer);
      }
    }

    void kill() {
      process.destroyForcibly();
    }
  }

  /**
   * Sends one call to a runner and reads its answer; past the deadline the runner is killed. A
   * runner that answered goes back to the idle ones; one that died is replaced.
   */
  private Answer callOn(Runner runner, ObjectNode request, long timeoutMillis) {
    AtomicBoolean killed = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        killer.schedule(
            () -> {
              killed.set(true);
              runner.kill();
            },
            timeoutMillis + KILL_GRACE_MILLIS,
            TimeUnit.MILLISECONDS);
    JsonNode answer;
    try {
      Frames.write(runner.in, request);
      answer = Frames.read(runner.out);
    } catch (IOException e) {
      answer = null;
    } finally {
      deadline.cancel(false);
    }
    if (answer != null) {
      idle.add(runner);
      return answer(answer);
    }
    // A runner that ended on its own is reaped before the kill, so that its exit status is kept.
    int status = killed.get() ? -1 : exitStatus(runner.process);
    runner.kill();
    replace();
    if (killed.get()) {
      return new Answer(
          null,
          "timeout",
          "the script ran longer than its timeout of " + timeoutMillis / 1000.0 + " s",
          List.of());
    }
    if (status == OUT_OF_MEMORY_EXIT) {
      return new Answer(
          null,
          "memory_limit",
          "the script went over the memory limit of " + settings.heapMb() + " MiB",
          List.of());
    }
    return new Answer(
        null,
        "runner_failed",
        "the code runner ended unexpectedly (exit " + status + ")",
        List.of());
  }

  private static int exitStatus(Process process) {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static Answer answer(JsonNode answer) {
    List<String> console = new ArrayList<>();
    answer.path("console").forEach(line -> console.add(line.asText()));
    JsonNode error = answer.get("error");
    if (error != null) {
      return new Answer(
          null, error.path("type").asText("script_error"), error.path("message").asText(), console);
    }
    return new Answer(Json.parse(answer.path("result_json").asText("null")), null, null, console);
  }
}

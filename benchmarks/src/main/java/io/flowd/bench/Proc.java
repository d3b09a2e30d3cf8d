package io.flowd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the bench starts as a separate process (flowd, a test server, the hand-written worker),
 * with its output in a log file and its CPU time readable at any moment.
 */
final class Proc implements AutoCloseable {
  final String name;
  final Path log;
  private final Process process;

  private Proc(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code mainClass} on the bench's own class path with {@code jvmOptions} (split at
   * spaces), {@code args} and {@code env} added to this process's environment, on the JDK at {@code
   * javaHome}.
   */
  static Proc start(
      String javaHome,
      String name,
      Path dir,
      String jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> env)
      throws IOException {
    return start(
        javaHome,
        System.getProperty("java.class.path"),
        name,
        dir,
        jvmOptions,
        mainClass,
        args,
        env);
  }

  /** Starts {@code mainClass} as above, on the class path {@code classPath}. */
  static Proc start(
      String javaHome,
      String classPath,
      String name,
      Path dir,
      String jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(javaHome, "bin", "java").toString());
    for (String option : jvmOptions.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option.replace("{dir}", dir.toString()).replace("{name}", name));
      }
    }
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new Proc(name, log, builder.start());
  }

  long pid() {
    return process.pid();
  }

  /** CPU time (user + system) this process has used so far, in nanoseconds. */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** Resident memory of the process in MiB, from {@code /proc/<pid>/status}. */
  double rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /**
   * CPU time per thread group so far, in clock ticks, from {@code /proc/<pid>/task/*}{@code /stat}:
   * thread names without their trailing numbers (GC, JIT compiler, Jetty, Temporal pollers).
   */
  Map<String, Long> threadTicks() {
    Map<String, Long> out = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid() + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          out.merge(comm.replaceAll("[-#0-9 :]+$", ""), ticks, Long::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended between listing and reading
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + "; see " + log);
    }
  }

  /** Waits until the log contains {@code marker}; fails when the process dies or time runs out. */
  void awaitLog(String marker, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      if (Files.exists(log) && Files.readString(log).contains(marker)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not log '" + marker + "' in " + timeout);
  }

  /** Waits until something accepts connections on 127.0.0.1:{@code port}. */
  void awaitPort(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(name + " did not listen on " + port + " in " + timeout);
  }

  /** Sends SIGTERM, waits up to 20 s, then kills. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

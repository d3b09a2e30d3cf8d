package io.flowd.nodes.code;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Runs a user's function body in a fresh GraalJS context per call, without any host access: no Java
 * classes, no files, no network, no threads, no processes, no environment, no polyglot bindings, no
 * {@code load}. Contexts share one {@link Engine}, which caches parsed sources, so a warm call
 * parses nothing. Used inside the runner JVM only ({@link CodeRunnerMain}).
 */
final class JsSandbox implements AutoCloseable {
  /** The most console lines one call keeps; later ones are counted, not kept. */
  static final int MAX_CONSOLE_LINES = 200;

  /** The longest console line kept, in characters. */
  static final int MAX_CONSOLE_LINE = 2_000;

  /** The largest output, in UTF-8 bytes (10 MiB), as for HTTP answers. */
  static final long MAX_OUTPUT_BYTES = 10L * 1024 * 1024;

  private static final int SOURCE_CACHE_SIZE = 256;

  /** Calls the user's function with the parsed scope; the result as JSON text. */
  private static final Source CALL =
      Source.create(
          "js",
          "(function (body, scopeJson) {\n"
              + "  const value = body(JSON.parse(scopeJson));\n"
              + "  const json = JSON.stringify(value === undefined ? null : value);\n"
              + "  return json === undefined ? 'null' : json;\n"
              + "})");

  /** Installs {@code console}: its methods format their arguments and hand one line on. */
  private static final Source CONSOLE =
      Source.create(
          "js",
          "(function (sink) {\n"
              + "  const format = (v) => {\n"
              + "    if (typeof v === 'string') return v;\n"
              + "    try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; }\n"
              + "    catch (e) { return String(v); }\n"
              + "  };\n"
              + "  const level = (name) => (...args) => { sink(name, args.map(format).join(' ')); };\n"
              + "  globalThis.console = Object.freeze({log: level('log'), info: level('info'),\n"
              + "    warn: level('warn'), error: level('error'), debug: level('debug')});\n"
              + "})");

  private final Engine engine;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "flowd-code-watchdog");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, Source> sources =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
          return size() > SOURCE_CACHE_SIZE;
        }
      };

  JsSandbox() {
    this.engine =
        Engine.newBuilder("js")
            .option("engine.WarnInterpreterOnly", "false")
            .out(java.io.OutputStream.nullOutputStream())
            .err(java.io.OutputStream.nullOutputStream())
            .build();
  }

  /** What one call gave: its result as JSON text, or a failure; and its console lines. */
  record Outcome(String resultJson, String errorType, String errorMessage, List<String> console) {}

  /**
   * Runs {@code body} as {@code function ($) { body }} with {@code $} parsed from {@code
   * scopeJson}; a call still running after {@code timeoutMillis} is cancelled.
   */
  Outcome run(String body, String scopeJson, long timeoutMillis) {
    List<String> console = new ArrayList<>();
    int[] dropped = {0};
    Context context = newContext();
    ScheduledFuture<?> deadline =
        watchdog.schedule(() -> context.close(true), timeoutMillis, TimeUnit.MILLISECONDS);
    try {
      context.eval(CONSOLE).execute((ProxyExecutable) args -> log(console, dropped, args));
      Value function = context.eval(source(body));
      String json = context.eval(CALL).execute(function, scopeJson).asString();
      if (json.length() > MAX_OUTPUT_BYTES / 4
          && json.getBytes(StandardCharsets.UTF_8).length > MAX_OUTPUT_BYTES) {
        return failed(
            "output_too_large",
            "the script's output is larger than " + MAX_OUTPUT_BYTES + " bytes (10 MiB)",
            console,
            dropped);
      }
      return new Outcome(json, null, null, lines(console, dropped));
    } catch (PolyglotException e) {
      if (e.isCancelled() || deadline.isDone() && !deadline.isCancelled()) {
        return failed(
            "timeout",
            "the script ran longer than its timeout of " + timeoutMillis / 1000.0 + " s",
            console,
            dropped);
      }
      if (e.isResourceExhausted()) {
        return failed("memory_limit", "the script went over the memory limit", console, dropped);
      }
      if (e.isSyntaxError()) {
        return failed("script_error", "syntax error: " + e.getMessage(), console, dropped);
      }
      return failed("script_error", message(e), console, dropped);
    } finally {
      deadline.cancel(false);
      try {
        context.close(true);
      } catch (RuntimeException alreadyClosed) {
        // The watchdog closed it.
      }
    }
  }

  private Context newContext() {
    return Context.newBuilder("js")
        .engine(engine)
        .allowHostAccess(HostAccess.NONE)
        .allowHostClassLookup(name -> false)
        .allowHostClassLoading(false)
        .allowIO(IOAccess.NONE)
        .allowCreateThread(false)
        .allowCreateProcess(false)
        .allowNativeAccess(false)
        .allowEnvironmentAccess(EnvironmentAccess.NONE)
        .allowPolyglotAccess(PolyglotAccess.NONE)
        .allowValueSharing(false)
        // The js.* options below only remove builtins; some are marked experimental.
        .allowExperimentalOptions(true)
        .option("js.load", "false")
        .option("js.print", "false")
        .option("js.graal-builtin", "false")
        .option("js.polyglot-builtin", "false")
        .option("js.java-package-globals", "false")
        .build();
  }

  private Source source(String body) {
    return sources.computeIfAbsent(
        body,
        text ->
            Source.newBuilder("js", "(function ($) {\n" + text + "\n})", "code.js")
                .cached(true)
                .buildLiteral());
  }

  private static Object log(List<String> console, int[] dropped, Value[] args) {
    if (console.size() >= MAX_CONSOLE_LINES) {
      dropped[0]++;
      return null;
    }
    String level = args.length > 0 ? args[0].asString() : "log";
    String text = args.length > 1 && args[1].isString() ? args[1].asString() : "";
    if (text.length() > MAX_CONSOLE_LINE) {
      text = text.substring(0, MAX_CONSOLE_LINE) + "…";
    }
    console.add("log".equals(level) ? text : level + ": " + text);
    return null;
  }

  private static List<String> lines(List<String> console, int[] dropped) {
    if (dropped[0] == 0) {
      return List.copyOf(console);
    }
    List<String> all = new ArrayList<>(console);
    all.add("(" + dropped[0] + " more lines not kept)");
    return all;
  }

  private static Outcome failed(String type, String message, List<String> console, int[] dropped) {
    return new Outcome(null, type, message, lines(console, dropped));
  }

  private static String message(PolyglotException e) {
    String text = e.getMessage() == null ? "the script failed" : e.getMessage();
    for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
      SourceSection at = frame.getSourceLocation();
      if (frame.isGuestFrame() && at != null && "code.js".equals(at.getSource().getName())) {
        // Line 1 of code.js is the wrapper's; the user's body starts on line 2.
        return text + " (line " + (at.getStartLine() - 1) + ")";
      }
    }
    return text;
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    engine.close();
  }
}

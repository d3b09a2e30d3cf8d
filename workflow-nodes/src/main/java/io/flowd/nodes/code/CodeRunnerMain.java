package io.flowd.nodes.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The runner JVM's entry point: reads one call at a time from stdin ({@link Frames}), runs it in
 * the {@link JsSandbox} and writes the answer to stdout. {@link CodeRunners} starts it with a fixed
 * heap and {@code -XX:+ExitOnOutOfMemoryError}, so a script that allocates without bound ends this
 * process, never the worker. It exits when stdin closes (its worker is gone).
 *
 * <p>Request: {@code {"source", "scope_json", "timeout_ms"}}. Answer: {@code {"result_json",
 * "console"}} or {@code {"error": {"type", "message"}, "console"}}.
 */
public final class CodeRunnerMain {
  private CodeRunnerMain() {}

  /** Serves calls until stdin closes. */
  public static void main(String[] args) throws IOException {
    DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    // Nothing else may write to the protocol stream.
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    try (JsSandbox sandbox = new JsSandbox()) {
      while (true) {
        JsonNode request = Frames.read(in);
        if (request == null) {
          return;
        }
        JsSandbox.Outcome outcome;
        try {
          outcome =
              sandbox.run(
                  request.path("source").asText(""),
                  request.path("scope_json").asText("{}"),
                  request.path("timeout_ms").asLong(5_000));
        } catch (RuntimeException e) {
          outcome = new JsSandbox.Outcome(null, "runner_failed", e.toString(), java.util.List.of());
        }
        Frames.write(out, answer(outcome));
      }
    }
  }

  private static ObjectNode answer(JsSandbox.Outcome outcome) {
    ObjectNode answer = Json.object();
    if (outcome.errorType() == null) {
      answer.put("result_json", outcome.resultJson());
    } else {
      answer
          .putObject("error")
          .put("type", outcome.errorType())
          .put("message", outcome.errorMessage());
    }
    outcome.console().forEach(answer.putArray("console")::add);
    return answer;
  }
}

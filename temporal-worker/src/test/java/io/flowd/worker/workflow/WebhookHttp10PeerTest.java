package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook node's retry policy against Python's {@code http.server}, a peer that answers
 * HTTP/1.0 and closes each connection without saying {@code Connection: close}: the peer sees
 * exactly the attempts the policy asks for, and each attempt gets its answer.
 */
class WebhookHttp10PeerTest {
  private static final String PEER =
      String.join(
          "\n",
          "import http.server, threading",
          "calls, lock = {}, threading.Lock()",
          "class Peer(http.server.BaseHTTPRequestHandler):",
          "    def answer(self):",
          "        self.rfile.read(int(self.headers.get('Content-Length') or 0))",
          "        with lock:",
          "            calls[self.path] = calls.get(self.path, 0) + 1",
          "            call = calls[self.path]",
          "        print('SEEN', self.path, flush=True)",
          "        failing = int(self.path.strip('/').split('/')[-1])",
          "        status = 500 if call <= failing else 200",
          "        body = ('{\"call\": %d}' % call).encode()",
          "        self.send_response(status)",
          "        self.send_header('Content-Type', 'application/json')",
          "        self.send_header('Content-Length', str(len(body)))",
          "        self.end_headers()",
          "        self.wfile.write(body)",
          "    do_GET = do_POST = answer",
          "    def log_message(self, *args):",
          "        pass",
          "server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Peer)",
          "print('PORT', server.server_address[1], flush=True)",
          "server.serve_forever()");
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(true);
  private static final List<String> SEEN = new CopyOnWriteArrayList<>();
  private static TestStore store;
  private static Process peer;
  private static int port;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void start() throws IOException {
    Path script = Files.createTempFile("flowd-http10-peer", ".py");
    Files.writeString(script, PEER);
    try {
      peer = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
    } catch (IOException noPython) {
      Assumptions.abort("python3 is not installed: " + noPython.getMessage());
    }
    BufferedReader out =
        new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    assertThat(first).as("the peer's first line").startsWith("PORT ");
    port = Integer.parseInt(first.substring("PORT ".length()).strip());
    Thread reader =
        new Thread(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  SEEN.add(line);
                }
              } catch (IOException ended) {
                // The peer stopped.
              }
            });
    reader.setDaemon(true);
    reader.start();
    store = new TestStore("flowd_http10_peer");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (peer != null) {
      peer.destroy();
      peer.waitFor(5, TimeUnit.SECONDS);
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void two_attempts_against_a_failing_http_10_peer_reach_it_twice(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    String path = "/always/100";
    GraphRunInput input = store.newRun(webhook(path, 2, false), Json.object());

    assertThatThrownBy(() -> GraphRuns.execute(env, worker, options, store, REGISTRY, input))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(seen(path)).isEqualTo(2);
    List<RunLog> logs = nodeLogs(input, "h");
    assertThat(logs).extracting(RunLog::status).containsExactly("warning", "error");
    assertThat(logs)
        .allSatisfy(
            log ->
                assertThat(log.output().path("error").path("message").asText())
                    .startsWith("HTTP 500 from GET http://127.0.0.1:" + port + path));
    assertThat(store.run(input.run().runId()).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void a_peer_failing_twice_completes_on_the_third_call(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    String path = "/twice/2";
    GraphRunInput input = store.newRun(webhook(path, 4, false), Json.object());

    RunResult result = GraphRuns.execute(env, worker, options, store, REGISTRY, input);

    assertThat(result.output().at("/body/call").asInt()).isEqualTo(3);
    assertThat(seen(path)).isEqualTo(3);
    assertThat(nodeLogs(input, "h"))
        .extracting(RunLog::status)
        .containsExactly("warning", "warning", "success");
    assertThat(store.run(input.run().runId()).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void continue_on_error_sees_the_peer_status(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    String path = "/handled/100";
    GraphRunInput input = store.newRun(webhook(path, 1, true), Json.object());

    RunResult result = GraphRuns.execute(env, worker, options, store, REGISTRY, input);

    assertThat(result.output().path("status").asText()).isEqualTo("500");
    assertThat(seen(path)).isEqualTo(1);
  }

  private Graph webhook(String path, int attempts, boolean continueOnError) {
    String url = "http://127.0.0.1:" + port + path;
    Graphs graph =
        Graphs.manualTrigger("t")
            .action(
                "h",
                "{\"componentId\":\"webhook\",\"url\":\""
                    + url
                    + "\",\"timeout_seconds\":5,\"continue_on_error\":"
                    + continueOnError
                    + ",\"retry\":{\"max_attempts\":"
                    + attempts
                    + ",\"initial_interval_seconds\":0.1}}")
            .edge("t", "h");
    if (continueOnError) {
      graph =
          graph
              .action(
                  "m",
                  "{\"componentId\":\"data_mapper\",\"mappings\":"
                      + "{\"status\":\"{{ h.error.status }}\"}}")
              .edge("h", "m", "error");
    }
    return graph.build();
  }

  private static List<RunLog> nodeLogs(GraphRunInput input, String node) {
    return store.logs(input.run().runId()).stream().filter(l -> l.nodeId().equals(node)).toList();
  }

  private static long seen(String path) {
    return SEEN.stream().filter(line -> line.equals("SEEN " + path)).count();
  }
}

package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.payload.ClaimCheck;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.flowd.worker.activity.NodeResult;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Outputs over 256 KiB travel by reference and never enter Temporal history. */
class ClaimCheckTest {
  private static final int FIVE_MIB = 5 * 1024 * 1024;
  private static TestStore store;
  private static HttpServer server;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void start() throws IOException {
    store = new TestStore("flowd_claim_check");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/big", exchange -> respond(exchange, FIVE_MIB));
    server.createContext("/huge", exchange -> respond(exchange, 11 * 1024 * 1024));
    server.start();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int filler)
      throws IOException {
    try (exchange) {
      byte[] body =
          ("{\"marker\":\"the-end\",\"blob\":\"" + "x".repeat(filler) + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    store.close();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static RunResult execute(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options, GraphRunInput input) {
    return GraphRuns.execute(env, worker, options, store, StandardComponents.registry(true), input);
  }

  private static List<String> payloadOwners(String runId) {
    return store
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT owner FROM payloads WHERE tenant_id = :t AND run_id = :r"
                            + " AND size_bytes > 262144 ORDER BY owner")
                    .bind("t", TestStore.TENANT)
                    .bind("r", runId)
                    .mapTo(String.class)
                    .list());
  }

  @Test
  void five_mib_webhook_response_reaches_the_next_node_by_reference(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "call",
                "{\"componentId\":\"webhook\",\"method\":\"GET\",\"url\":\"" + url("/big") + "\"}")
            .action(
                "use",
                "{\"componentId\":\"data_mapper\",\"mappings\":"
                    + "{\"marker\":\"{{ call.body.marker }}\",\"status\":\"{{ call.status }}\"}}")
            .edge("n1", "call")
            .edge("call", "use")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());
    String runId = input.run().runId();

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"marker\":\"the-end\",\"status\":200}"));
    assertThat(payloadOwners(runId)).containsExactly("node:call");
    List<HistoryEvent> events = env.getWorkflowClient().fetchHistory(runId).getEvents();
    assertThat(events.stream().mapToInt(HistoryEvent::getSerializedSize).sum())
        .isLessThan(64 * 1024);
    NodeResult passed =
        DefaultDataConverter.newDefaultInstance()
            .fromPayloads(
                0,
                Optional.of(
                    events.stream()
                        .filter(HistoryEvent::hasActivityTaskCompletedEventAttributes)
                        .findFirst()
                        .orElseThrow()
                        .getActivityTaskCompletedEventAttributes()
                        .getResult()),
                NodeResult.class,
                NodeResult.class);
    assertThat(ClaimCheck.isRef(passed.output())).as(passed.output().toString()).isTrue();
    RunLog call =
        store.logs(runId).stream().filter(l -> l.nodeId().equals("call")).findFirst().orElseThrow();
    assertThat(call.output().path("body").path("blob").asText()).hasSize(FIVE_MIB);
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void large_output_of_a_pure_node_is_stored_and_read_back_by_the_next_node(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    String text = "y".repeat(200 * 1024);
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "big",
                "{\"componentId\":\"data_mapper\",\"mappings\":"
                    + "{\"a\":\"{{ trigger.s }}\",\"b\":\"{{ trigger.s }}\"}}")
            .action(
                "copy", "{\"componentId\":\"data_mapper\",\"mappings\":{\"same\":\"{{ big.b }}\"}}")
            .edge("n1", "big")
            .edge("big", "copy")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object().put("s", text));

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output().path("same").asText()).isEqualTo(text);
    assertThat(payloadOwners(input.run().runId())).containsExactly("node:big");
  }

  @Test
  void output_over_ten_mib_fails_the_node_clearly(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "call",
                "{\"componentId\":\"webhook\",\"method\":\"GET\",\"url\":\""
                    + url("/huge")
                    + "\",\"retry\":{\"max_attempts\":1}}")
            .edge("n1", "call")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());

    assertThatThrownBy(() -> execute(env, worker, options, input))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(store.run(input.run().runId()).errorMessage()).contains("call").contains("10");
  }

  @Test
  void trigger_payload_passed_by_reference_is_resolved_for_templates_and_logs(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    String text = "z".repeat(300 * 1024);
    Graph graph =
        Graphs.manualTrigger("n1")
            .action(
                "pick",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"k\":\"{{ trigger.k }}\"}}")
            .edge("n1", "pick")
            .build();
    JsonNode payload = Json.object().put("k", "kept").put("filler", text);
    GraphRunInput stored = store.newRun(graph, payload);
    JsonNode ref = new PayloadStore(store.database()).offload(stored.run(), "trigger", payload);
    assertThat(ClaimCheck.isRef(ref)).isTrue();
    GraphRunInput input = new GraphRunInput(stored.run(), graph, ref);

    RunResult result = execute(env, worker, options, input);

    assertThat(result.output()).isEqualTo(Json.parse("{\"k\":\"kept\"}"));
    RunLog trigger = store.logs(input.run().runId()).get(0);
    assertThat(trigger.nodeId()).isEqualTo("n1");
    assertThat(trigger.output().path("filler").asText()).hasSize(300 * 1024);
  }
}

package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node whose call succeeded but whose success log cannot be written for longer than its timeout
 * plus the old 5 s grace and the activity's heartbeat timeout (PostgreSQL holding the write, as
 * after a restart that left the pool starved) is not called again: the attempt stays alive until
 * its log lands, so the peer sees one call and the node logs one success.
 */
class SuccessLogStallTest {
  /**
   * Longer than the node's 2 s timeout plus the old 5 s grace, and the heartbeat timeout (10 s).
   */
  private static final long STALL_MILLIS = 12_000;

  private static TestStore store;
  private static HttpServer peer;
  private static final AtomicInteger CALLS = new AtomicInteger();
  private static final AtomicReference<Runnable> ON_FIRST_CALL = new AtomicReference<>(() -> {});

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void start() throws IOException {
    store = new TestStore("flowd_success_stall");
    peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    peer.createContext(
        "/hook",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (CALLS.incrementAndGet() == 1) {
              ON_FIRST_CALL.get().run();
            }
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    peer.start();
  }

  @AfterAll
  static void stop() {
    peer.stop(0);
    store.close();
  }

  @Test
  void a_success_log_held_up_past_the_heartbeat_timeout_does_not_call_the_peer_again(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    Graph graph =
        Graphs.manualTrigger("t")
            .action(
                "h",
                "{\"componentId\":\"webhook\",\"method\":\"POST\",\"url\":\"http://127.0.0.1:"
                    + peer.getAddress().getPort()
                    + "/hook\",\"timeout_seconds\":2,"
                    + "\"retry\":{\"max_attempts\":3,\"initial_interval_seconds\":0.1}}")
            .edge("t", "h")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());
    String runId = input.run().runId();
    // When the peer answers, an open transaction holds the key the success log of attempt 1 is
    // written under, so that write waits on PostgreSQL until the transaction ends.
    Handle holder = store.database().jdbi().open();
    ON_FIRST_CALL.set(
        () -> {
          holder.begin();
          holder.execute(
              "INSERT INTO run_logs (id, tenant_id, run_id, workflow_id, node_id, component_id,"
                  + " status, attempt, duration_ms) VALUES ('log_stall', ?, ?, ?, 'h', 'webhook',"
                  + " 'warning', 1, 0)",
              TestStore.TENANT,
              runId,
              input.run().workflowId());
        });
    try {
      GraphRuns.start(env, worker, options, store, StandardComponents.registry(true), input);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (CALLS.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(CALLS.get()).as("calls before the stall").isEqualTo(1);
      long stallEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
      while (CALLS.get() == 1 && System.nanoTime() < stallEnds) {
        Thread.sleep(50);
      }
    } finally {
      holder.rollback();
      holder.close();
    }
    RunResult result =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(runId)
            .getResult(60, TimeUnit.SECONDS, RunResult.class);

    assertThat(result.status()).isEqualTo("completed");
    assertThat(CALLS.get()).as("calls the peer saw").isEqualTo(1);
    assertThat(store.logs(runId))
        .filteredOn(log -> log.nodeId().equals("h"))
        .extracting(RunLog::status, RunLog::attempt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("success", 1));
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
  }
}

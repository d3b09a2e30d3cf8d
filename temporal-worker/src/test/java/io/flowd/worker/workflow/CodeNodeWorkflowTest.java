package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
import io.flowd.nodes.components.StandardComponents;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.GraphRuns;
import io.flowd.worker.Graphs;
import io.flowd.worker.TestStore;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code code} node and each of its bounds, end to end through the node activity: every failing
 * script leaves its error in the node's log, and the worker then still runs another run. All tests
 * share the process's one pool of runner JVMs.
 */
class CodeNodeWorkflowTest {
  private static final NodeHandlerRegistry REGISTRY = StandardComponents.registry(true);
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_code_node");
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  private static String code(String source, int timeoutSeconds) {
    ObjectNode data = Json.object().put("componentId", "code").put("source", source);
    data.put("timeout_seconds", timeoutSeconds).putObject("retry").put("max_attempts", 1);
    return Json.write(data);
  }

  private static Graph oneCodeNode(String source, int timeoutSeconds) {
    return Graphs.manualTrigger("n1")
        .action("script", code(source, timeoutSeconds))
        .edge("n1", "script")
        .build();
  }

  private static RunLog scriptLog(GraphRunInput input) {
    return store.logs(input.run().runId()).stream()
        .filter(l -> l.nodeId().equals("script"))
        .reduce((first, last) -> last)
        .orElseThrow();
  }

  /** Runs a script that must fail; returns its node's last log. */
  private static RunLog failing(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options, String source, int t) {
    GraphRunInput input = store.newRun(oneCodeNode(source, t), Json.object());
    assertThatThrownBy(() -> GraphRuns.execute(env, worker, options, store, REGISTRY, input))
        .isInstanceOf(WorkflowFailedException.class);
    RunLog log = scriptLog(input);
    assertThat(log.status()).isEqualTo("error");
    return log;
  }

  /** Asserts that the worker still serves a run with a code node. */
  private static void stillServes(TestWorkflowEnvironment env, WorkflowOptions options) {
    GraphRunInput good =
        store.newRun(oneCodeNode("return $.trigger.n + 1;", 10), Json.parse("{\"n\": 41}"));
    RunResult result =
        env.getWorkflowClient()
            .newWorkflowStub(
                GraphWorkflow.class, options.toBuilder().setWorkflowId(good.run().runId()).build())
            .run(good);
    assertThat(result.status()).isEqualTo("completed");
    assertThat(result.output().asInt()).isEqualTo(42);
  }

  @Test
  void a_code_node_returns_a_json_value_from_the_scope_and_logs_its_console_lines(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("prices", "{\"componentId\":\"data_mapper\",\"mappings\":{\"vat\":0.2}}")
            .action(
                "script",
                code(
                    "const total = $.trigger.items.reduce((s, i) => s + i.price * i.qty, 0);\n"
                        + "console.log('items', $.trigger.items.length, {total});\n"
                        + "return {total, gross: total * (1 + $.prices.vat), run: $.run.id};",
                    10))
            .edge("n1", "prices")
            .edge("prices", "script")
            .build();
    GraphRunInput input =
        store.newRun(
            graph, Json.parse("{\"items\":[{\"price\":2.5,\"qty\":2},{\"price\":10,\"qty\":1}]}"));

    RunResult result = GraphRuns.execute(env, worker, options, store, REGISTRY, input);

    assertThat(result.status()).isEqualTo("completed");
    assertThat(result.output())
        .isEqualTo(
            Json.parse("{\"total\":15,\"gross\":18,\"run\":\"" + input.run().runId() + "\"}"));
    RunLog log = scriptLog(input);
    assertThat(log.status()).isEqualTo("success");
    assertThat(log.console()).containsExactly("items 2 {\"total\":15}");
  }

  @Test
  void an_endless_loop_fails_with_timeout_while_other_code_runs_keep_their_latency(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    GraphRunInput loop =
        store.newRun(oneCodeNode("console.log('spinning'); while (true) {}", 8), Json.object());
    GraphWorkflow looping = GraphRuns.start(env, worker, options, store, REGISTRY, loop);
    CompletableFuture<RunResult> loopDone =
        WorkflowStub.fromTyped(looping).getResultAsync(RunResult.class);

    stillServes(env, options);

    assertThat(loopDone).as("the loop still runs while the other run completed").isNotDone();
    assertThatThrownBy(loopDone::get)
        .hasRootCauseInstanceOf(io.temporal.failure.ApplicationFailure.class);
    RunLog log = scriptLog(loop);
    assertThat(log.status()).isEqualTo("error");
    assertThat(log.output().at("/error/type").asText()).isEqualTo("timeout");
    assertThat(log.output().at("/error/message").asText()).contains("timeout of 8.0 s");
    assertThat(log.output().at("/error/console/0").asText()).isEqualTo("spinning");
  }

  @Test
  void unbounded_allocation_fails_with_memory_limit_and_the_worker_jvm_runs_on(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    RunLog log =
        failing(
            env,
            worker,
            options,
            "const a = []; while (true) { a.push(new Array(1e6).fill(a.length)); }",
            60);

    assertThat(log.output().at("/error/type").asText()).isEqualTo("memory_limit");
    assertThat(log.output().at("/error/message").asText()).contains("memory limit");
    stillServes(env, options);
  }

  @Test
  void an_output_over_10_mib_fails_the_node(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    RunLog log = failing(env, worker, options, "return 'x'.repeat(11 * 1024 * 1024);", 30);

    assertThat(log.output().at("/error/type").asText()).isEqualTo("output_too_large");
    assertThat(log.output().at("/error/message").asText()).contains("10 MiB");
    stillServes(env, options);
  }

  private static final List<String> HOST_ACCESS =
      List.of(
          "return Java.type('java.lang.System').getenv('PATH');",
          "return Polyglot.import('secret');",
          "return require('fs').readFileSync('/etc/passwd');",
          "return fetch('http://127.0.0.1:5432/');",
          "return process.env;",
          "return load('/etc/passwd');");

  @Test
  void every_host_access_attempt_fails_its_node_with_a_script_error(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Graphs graph = Graphs.manualTrigger("n1");
    for (int i = 0; i < HOST_ACCESS.size(); i++) {
      ObjectNode data = (ObjectNode) Json.parse(code(HOST_ACCESS.get(i), 30));
      data.put("continue_on_error", true);
      graph.action("probe" + i, Json.write(data)).edge("n1", "probe" + i);
    }
    GraphRunInput input = store.newRun(graph.build(), Json.object());

    GraphRuns.execute(env, worker, options, store, REGISTRY, input);

    List<RunLog> logs = store.logs(input.run().runId());
    for (int i = 0; i < HOST_ACCESS.size(); i++) {
      String node = "probe" + i;
      RunLog log = logs.stream().filter(l -> l.nodeId().equals(node)).findFirst().orElseThrow();
      assertThat(log.status()).as(HOST_ACCESS.get(i)).isEqualTo("error");
      assertThat(log.output().at("/error/type").asText())
          .as(HOST_ACCESS.get(i))
          .isEqualTo("script_error");
      assertThat(log.output().at("/error/message").asText())
          .as(HOST_ACCESS.get(i))
          .containsAnyOf("is not defined", "not allowed");
    }
    stillServes(env, options);
  }

  @Test
  void state_left_by_one_call_is_invisible_to_the_next_calls(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    GraphRunInput writer =
        store.newRun(
            oneCodeNode(
                "globalThis.leak = 'tenant-a'; Object.prototype.polluted = true;"
                    + " Array.prototype.map = () => 'hijacked'; return 1;",
                10),
            Json.object());
    assertThat(GraphRuns.execute(env, worker, options, store, REGISTRY, writer).status())
        .isEqualTo("completed");

    // More reads than runners, so every runner is asked.
    for (int i = 0; i < 3; i++) {
      GraphRunInput reader =
          store.newRun(
              oneCodeNode(
                  "return [typeof leak, ({}).polluted === undefined, [1].map((x) => x + 1)];", 10),
              Json.object());
      RunResult result =
          env.getWorkflowClient()
              .newWorkflowStub(
                  GraphWorkflow.class,
                  options.toBuilder().setWorkflowId(reader.run().runId()).build())
              .run(reader);
      assertThat(result.output()).isEqualTo(Json.parse("[\"undefined\", true, [2]]"));
    }
  }

  @Test
  void a_script_error_names_the_line_and_keeps_the_console(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    RunLog log =
        failing(env, worker, options, "console.log('before');\nthrow new Error('bad order');", 10);

    assertThat(log.output().at("/error/type").asText()).isEqualTo("script_error");
    assertThat(log.output().at("/error/message").asText()).contains("bad order").contains("line 2");
    assertThat(log.output().at("/error/console/0").asText()).isEqualTo("before");
  }
}

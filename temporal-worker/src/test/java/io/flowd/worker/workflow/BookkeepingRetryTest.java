package io.flowd.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run's bookkeeping writes outlast a PostgreSQL restart instead of failing the run. */
class BookkeepingRetryTest {
  private static TestStore store;

  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

  @BeforeAll
  static void createStore() {
    store = new TestStore("flowd_bookkeeping");
  }

  @AfterAll
  static void closeStore() {
    store.refuseConnections(false);
    store.close();
  }

  @Test
  void a_run_started_while_postgres_restarts_completes_once_it_is_back(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("n2", "{\"componentId\":\"data_mapper\",\"mappings\":{\"who\":\"Ada\"}}")
            .edge("n1", "n2")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());
    String runId = input.run().runId();

    store.refuseConnections(true);
    try {
      GraphRuns.start(env, worker, options, store, StandardComponents.registry(true), input);
      // Longer than the pool waits for a connection (5 s), so the first write fails.
      Thread.sleep(8_000);
    } finally {
      store.refuseConnections(false);
    }
    RunResult result =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(runId)
            .getResult(60, TimeUnit.SECONDS, RunResult.class);

    assertThat(result.status()).isEqualTo("completed");
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(store.logs(runId)).extracting(RunLog::nodeId).containsExactly("n1", "n2");
  }
}

package io.flowd.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.NodeInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Graph;
import io.flowd.model.Json;
import io.flowd.model.RunLog;
import io.flowd.model.RunStatus;
import io.flowd.nodes.components.StandardComponents;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code wait_for_input} wait is workflow state: a worker that dies while the run waits loses
 * nothing, and the input delivered later is handled by a fresh worker.
 */
class WaitForInputRestartTest {
  private static final String TASK_QUEUE = "flowd-wait-restart";

  private TestStore store;
  private TestWorkflowEnvironment env;
  private WorkerFactory first;
  private WorkerFactory second;

  @BeforeEach
  void setUp() {
    store = new TestStore("flowd_wait_restart");
    env = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    for (WorkerFactory factory : new WorkerFactory[] {first, second}) {
      if (factory != null) {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
    env.close();
    store.close();
  }

  /** A worker process of its own; sticky execution is off as in {@link WorkerRestartTest}. */
  private WorkerFactory startWorker(String identity) {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    Worker worker =
        factory.newWorker(
            TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setIdentity(identity)
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                .build());
    FlowdWorker.register(worker, store.database(), StandardComponents.registry(true));
    factory.start();
    return factory;
  }

  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void run_waiting_for_input_survives_a_worker_restart_and_takes_the_input_later()
      throws Exception {
    Graph graph =
        Graphs.manualTrigger("n1")
            .action("ask", "{\"componentId\":\"wait_for_input\",\"prompt\":\"approve?\"}")
            .action(
                "after",
                "{\"componentId\":\"data_mapper\",\"mappings\":{\"ok\":\"{{ ask.approved }}\"}}")
            .edge("n1", "ask")
            .edge("ask", "after")
            .build();
    GraphRunInput input = store.newRun(graph, Json.object());
    String runId = input.run().runId();
    WorkflowClient client = env.getWorkflowClient();

    first = startWorker("worker-1");
    GraphWorkflow workflow =
        client.newWorkflowStub(
            GraphWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(runId).build());
    WorkflowClient.start(workflow::run, input);
    awaitTrue("the run waits", () -> store.run(runId).status() == RunStatus.WAITING);

    first.shutdownNow();
    first.awaitTermination(10, TimeUnit.SECONDS);
    assertThat(first.isTerminated()).isTrue();

    second = startWorker("worker-2");
    client
        .newWorkflowStub(GraphWorkflow.class, runId)
        .deliverInput(new NodeInput("ask", Json.parse("{\"approved\":true}")));
    RunResult result =
        client.newUntypedWorkflowStub(runId).getResult(20, TimeUnit.SECONDS, RunResult.class);

    assertThat(result.output()).isEqualTo(Json.parse("{\"ok\":true}"));
    assertThat(store.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(store.logs(runId)).extracting(RunLog::nodeId).containsExactly("n1", "ask", "after");
  }
}

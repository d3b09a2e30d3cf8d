package io.flowd.worker;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.RunResult;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs graphs on a {@code TestWorkflowExtension} environment, the way every workflow test does. */
public final class GraphRuns {
  private GraphRuns() {}

  /** Registers flowd on {@code worker}, starts the environment and the run; returns its stub. */
  public static GraphWorkflow start(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowOptions options,
      TestStore store,
      NodeHandlerRegistry registry,
      GraphRunInput input) {
    GraphWorkflow workflow = stub(env, worker, options, store, registry, input);
    WorkflowClient.start(workflow::run, input);
    return workflow;
  }

  /** Like {@link #start}, then waits for the run's result. */
  public static RunResult execute(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowOptions options,
      TestStore store,
      NodeHandlerRegistry registry,
      GraphRunInput input) {
    try {
      return stub(env, worker, options, store, registry, input).run(input);
    } finally {
      recordHistory(env, input.run().runId());
    }
  }

  /**
   * With {@code -Dflowd.recordHistories=DIR}, writes the run's history to {@code DIR/<test
   * method>.json}, so a change to the interpreter can be checked by replaying what the old code
   * recorded.
   */
  public static void recordHistory(TestWorkflowEnvironment env, String workflowId) {
    String dir = System.getProperty("flowd.recordHistories");
    if (dir == null) {
      return;
    }
    String test =
        StackWalker.getInstance()
            .walk(
                frames ->
                    frames
                        .filter(f -> f.getClassName().endsWith("Test"))
                        .map(f -> f.getMethodName())
                        .reduce((inner, outer) -> outer)
                        .orElse(workflowId));
    try {
      Files.createDirectories(Path.of(dir));
      Files.writeString(
          Path.of(dir, test + ".json"),
          env.getWorkflowClient().fetchHistory(workflowId).toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GraphWorkflow stub(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowOptions options,
      TestStore store,
      NodeHandlerRegistry registry,
      GraphRunInput input) {
    FlowdWorker.register(worker, store.database(), registry);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(
            GraphWorkflow.class, options.toBuilder().setWorkflowId(input.run().runId()).build());
  }
}

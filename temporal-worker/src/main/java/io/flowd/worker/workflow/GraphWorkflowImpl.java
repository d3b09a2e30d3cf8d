package io.flowd.worker.workflow;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.GraphWorkflow;
import io.flowd.engine.workflow.NodeInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.activity.RunBookkeeping;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Binds the interpreter to Temporal: its bookkeeping stub and the handler registry. */
public final class GraphWorkflowImpl implements GraphWorkflow {
  /**
   * Bookkeeping writes retry until PostgreSQL answers, for up to an hour: the SDK retries a local
   * activity only when it has a schedule-to-close timeout or a maximum of attempts, so both bounds
   * are set (without them a single failed write failed the run and left its row open).
   */
  static final LocalActivityOptions BOOKKEEPING =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofHours(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .setMaximumAttempts(Integer.MAX_VALUE)
                  .build())
          .build();

  private final NodeHandlerRegistry registry;
  private GraphInterpreter interpreter;

  public GraphWorkflowImpl(NodeHandlerRegistry registry) {
    this.registry = registry;
  }

  @Override
  public RunResult run(GraphRunInput input) {
    RunBookkeeping bookkeeping = Workflow.newLocalActivityStub(RunBookkeeping.class, BOOKKEEPING);
    interpreter =
        new GraphInterpreter(
            input,
            registry,
            bookkeeping,
            summary ->
                Workflow.newLocalActivityStub(
                    RunBookkeeping.class, BOOKKEEPING.toBuilder().setSummary(summary).build()));
    return interpreter.execute();
  }

  @Override
  public void deliverInput(NodeInput input) {
    if (interpreter == null) {
      throw new IllegalStateException("the run has not started yet");
    }
    interpreter.waits().deliver(input.nodeId(), input.payload());
  }

  @Override
  public void validateDeliverInput(NodeInput input) {
    if (input == null
        || input.nodeId() == null
        || interpreter == null
        || !interpreter.waits().isWaiting(input.nodeId())) {
      throw new IllegalStateException(
          "no wait_for_input node waits at " + (input == null ? null : input.nodeId()));
    }
  }

  @Override
  public void deliverEvent(NodeInput input) {
    if (interpreter == null) {
      throw new IllegalStateException("the run has not started yet");
    }
    interpreter.waits().deliver(input.nodeId(), input.payload());
  }

  @Override
  public void validateDeliverEvent(NodeInput input) {
    if (input == null
        || input.nodeId() == null
        || interpreter == null
        || !interpreter.waits().isWaiting(input.nodeId(), true)) {
      throw new IllegalStateException(
          "no wait_for_event node waits at " + (input == null ? null : input.nodeId()));
    }
  }
}

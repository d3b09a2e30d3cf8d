package io.flowd.worker.workflow;

import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.ComponentSpec;
import io.flowd.model.Node;
import io.flowd.model.RunRef;
import io.flowd.model.graph.GraphIndex;
import io.flowd.model.graph.RunState;
import io.flowd.model.template.Templates;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.worker.activity.RunBookkeeping;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Walks one run's graph in workflow code, phase by phase: {@link RunStart} begins at the trigger
 * (or a resumed node), {@link NodeDispatch} starts each ready node, {@link RunningNodes} waits for
 * the next to end and {@link NodeFinish} reads how it ended, and {@link RunRecorder} flushes logs
 * before each wait and writes the run's end. The graph rules (which edges a node takes, when a node
 * is ready or skipped, the order ready nodes start in) live in {@link RunState}; the gates of old
 * histories in {@link HistoryVersions}. Every decision iterates lists in declaration order, so
 * replay is deterministic.
 */
final class GraphInterpreter {
  private final GraphRunInput input;
  private final RunRef run;
  private final NodeHandlerRegistry registry;
  private final List<Node> nodes;
  private final RunState state;
  private final InputWaits waits;
  private final Function<String, RunBookkeeping> summarized;
  private final RunOutputs outputs;
  private final RunRecorder recorder;
  private final NodeResults results;
  private final RunningNodes running = new RunningNodes();
  private final NodeDispatch dispatch;
  private final NodeFinish finish;
  private HistoryVersions versions = HistoryVersions.unread();

  /**
   * @param summarized makes a bookkeeping stub whose calls carry a summary
   */
  GraphInterpreter(
      GraphRunInput input,
      NodeHandlerRegistry registry,
      RunBookkeeping bookkeeping,
      Function<String, RunBookkeeping> summarized) {
    this.input = input;
    this.summarized = summarized;
    this.run = input.run();
    this.registry = registry;
    this.nodes = input.graph().nodes();
    this.state = new RunState(GraphIndex.of(input.graph()));
    this.waits = new InputWaits(bookkeeping, run);
    this.outputs = new RunOutputs(run, input.triggerPayload(), () -> versions.expressions());
    this.recorder = new RunRecorder(run, bookkeeping, summarized);
    this.results = new NodeResults(nodes, state, outputs, recorder);
    this.dispatch =
        new NodeDispatch(
            run,
            input.depth(),
            nodes,
            state,
            registry,
            bookkeeping,
            outputs,
            recorder,
            results,
            running,
            waits);
    this.finish = new NodeFinish(run, nodes, results);
  }

  /** Returns the run's waits for outside input. */
  InputWaits waits() {
    return waits;
  }

  RunResult execute() {
    versions = HistoryVersions.atRunStart(usesExpressions());
    recorder.versions(versions);
    dispatch.versions(versions);
    finish.versions(versions);
    waits.recordWaits(versions.viewed(), summarized);
    try {
      recorder.markRunning();
      Promise<Void> deadline = deadline();
      RunStart.begin(input, nodes, state, results, recorder);
      walk(deadline);
      recorder.end("completed", null, outputs.last());
      return new RunResult("completed", outputs.last());
    } catch (RunFailed failed) {
      running.cancelAll("run failed");
      recorder.end("failed", failed.getMessage(), null);
      throw ApplicationFailure.newNonRetryableFailure(failed.getMessage(), "NodeFailed");
    } catch (RunTerminated terminated) {
      running.cancelAll("run terminated");
      boolean failed = terminated.failed();
      recorder.end(
          terminated.status(),
          failed ? terminated.getMessage() : null,
          failed ? null : terminated.output());
      if (failed) {
        throw ApplicationFailure.newNonRetryableFailure(terminated.getMessage(), "Terminated");
      }
      return new RunResult("completed", terminated.output());
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(
              () -> recorder.end("cancelled", "Run was cancelled", null))
          .run();
      throw cancelled;
    } catch (ActivityFailure bookkeepingFailed) {
      // Node activities never throw here (their failures are completions): a bookkeeping write
      // gave up after its retries.
      if (!versions.bookkeepingFailureFailsRun()) {
        throw bookkeepingFailed;
      }
      running.cancelAll("bookkeeping failed");
      String message =
          "The run could not record its progress in PostgreSQL: "
              + Failures.toNodeFailure(bookkeepingFailed, "").getMessage();
      Workflow.newDetachedCancellationScope(() -> recorder.failAfterBookkeeping(message)).run();
      throw ApplicationFailure.newNonRetryableFailure(message, "BookkeepingFailed");
    }
  }

  /**
   * Starts the ready nodes and waits for the next to end, until none runs: logs are flushed before
   * each wait, and (before {@link HistoryVersions#FOLDED_BOOKKEEPING}) once more at the end.
   */
  private void walk(Promise<Void> deadline) {
    while (true) {
      dispatch.startReady();
      if (versions.folded() && running.isEmpty()) {
        // The run ends now: its last logs travel with its terminal status.
        return;
      }
      recorder.flush(!running.anyControl());
      if (versions.controlNodes()) {
        waits.syncStatus();
      }
      if (running.isEmpty()) {
        return;
      }
      if (running.awaitAny(deadline)) {
        throw new RunFailed("run timed out after " + input.timeoutSeconds() + " s");
      }
      running.finishEnded(nodes.size(), finish);
    }
  }

  /**
   * Returns whether any node's config holds an expression (a {@code {{= }}} or an expression
   * field).
   */
  private boolean usesExpressions() {
    for (Node node : nodes) {
      ComponentSpec spec = registry.find(node.componentId()).orElse(null);
      if (spec != null && !spec.expressionFields().isEmpty()) {
        return true;
      }
      if (Templates.holdsExpression(node.data())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the timer of the run's timeout, or {@code null} when it has none. Runs without a
   * timeout record no version marker, so their histories replay as before.
   */
  private Promise<Void> deadline() {
    Integer seconds = input.timeoutSeconds();
    if (seconds == null || !versions.runTimeoutGate()) {
      return null;
    }
    return Workflow.newTimer(Duration.ofSeconds(seconds));
  }
}

package io.flowd.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Node;
import io.flowd.model.RunRef;
import io.flowd.nodes.spi.NodeFailure;
import io.flowd.nodes.spi.NodeOutcome;
import io.flowd.worker.workflow.RunningNodes.Completion;
import io.flowd.worker.workflow.RunningNodes.Finish;
import io.flowd.worker.workflow.RunningNodes.Running;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.List;

/**
 * Reads how an asynchronous node ended, by the {@link Finish} its dispatch chose: a control node or
 * timer is logged here, an activity logged itself unless it timed out. A cancellation ends the run.
 */
final class NodeFinish implements RunningNodes.Finisher {
  private final RunRef run;
  private final List<Node> nodes;
  private final NodeResults results;
  private HistoryVersions versions = HistoryVersions.unread();

  NodeFinish(RunRef run, List<Node> nodes, NodeResults results) {
    this.run = run;
    this.nodes = nodes;
    this.results = results;
  }

  /** Takes the run's gates once it has read them. */
  void versions(HistoryVersions versions) {
    this.versions = versions;
  }

  @Override
  public void finish(int i, Running r) {
    Completion completion = r.promise().get();
    if (r.finish() == Finish.CONTROL) {
      finishControl(i, r, completion);
      return;
    }
    if (completion.failure() == null) {
      if (r.finish() == Finish.TIMER) {
        results.succeeded(i, completion.outcome(), r.startedAt());
        return;
      }
      results.complete(i, completion.outcome());
      return;
    }
    finishFailed(i, r, completion.failure());
  }

  private void finishFailed(int i, Running r, RuntimeException error) {
    Node node = nodes.get(i);
    if (error instanceof CanceledFailure cancelled) {
      throw cancelled;
    }
    String type = "error";
    String message = error.getMessage();
    JsonNode details = null;
    if (error instanceof ActivityFailure activityFailure) {
      Throwable cause = activityFailure.getCause();
      if (cause instanceof ApplicationFailure app) {
        message = app.getOriginalMessage();
        type = app.getType();
        if (versions.viewed() && app.getDetails().getSize() > 0) {
          details = app.getDetails().get(JsonNode.class);
        }
      } else if (cause instanceof TimeoutFailure) {
        type = "timeout";
        message = "timed out after " + node.settings().timeoutSeconds() + " seconds";
        int attempt =
            activityFailure.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED
                ? node.settings().retry().maxAttempts()
                : 1;
        results.logAndFail(i, new NodeFailure(type, message, false), attempt, r.startedAt());
        return;
      } else if (cause instanceof CanceledFailure cancelled) {
        throw cancelled;
      } else if (cause != null) {
        message = cause.getMessage();
      }
    } else if (r.finish() == Finish.TIMER) {
      results.logAndFail(i, new NodeFailure(type, message, false), 1, r.startedAt());
      return;
    }
    results.failed(i, message, type, details);
  }

  private void finishControl(int i, Running r, Completion completion) {
    if (completion.failure() == null) {
      NodeOutcome outcome = completion.outcome();
      JsonNode logged = IteratorLogs.logged(nodes.get(i), run, outcome.output());
      results.succeeded(i, outcome, logged, r.startedAt());
      return;
    }
    results.logAndFail(i, Failures.toNodeFailure(completion.failure(), ""), 1, r.startedAt());
  }
}

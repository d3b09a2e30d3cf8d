package io.flowd.worker.observability;

import io.flowd.engine.observability.FlowdMetrics;
import io.flowd.engine.observability.LogContext;
import io.flowd.model.RunRef;
import io.flowd.worker.activity.LogEntry;
import io.flowd.worker.activity.NodeTask;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes flowd's activities from outside their implementations: puts the run, node and Temporal
 * ids into the MDC for every activity's log lines, and records node and run metrics. Register it on
 * the {@code WorkerFactoryOptions}; metrics are written only after an activity returned or failed,
 * never from workflow code.
 */
public final class ObservingWorkerInterceptor extends WorkerInterceptorBase {
  static final String FINISH_RUN = "BookkeepingFinish";
  static final String COMPLETE_RUN = "BookkeepingComplete";
  static final String WRITE_LOGS = "BookkeepingWriteLogs";
  static final String BEGIN_RUN = "BookkeepingBegin";
  static final String COMPLETE_RUN_WITH_LOGS = "BookkeepingCompleteWithLogs";

  private static final Logger LOG = LoggerFactory.getLogger(ObservingWorkerInterceptor.class);

  private final FlowdMetrics metrics;

  public ObservingWorkerInterceptor(FlowdMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new Observed(next, metrics);
  }

  private static final class Observed extends ActivityInboundCallsInterceptorBase {
    private final FlowdMetrics metrics;
    private ActivityInfo info;

    Observed(ActivityInboundCallsInterceptor next, FlowdMetrics metrics) {
      super(next);
      this.metrics = metrics;
    }

    @Override
    public void init(ActivityExecutionContext context) {
      this.info = context.getInfo();
      super.init(context);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      Object[] args = input.getArguments();
      NodeTask task = args.length > 0 && args[0] instanceof NodeTask t ? t : null;
      RunRef run =
          task != null ? task.run() : args.length > 0 && args[0] instanceof RunRef r ? r : null;
      try (LogContext ignored = context(run, task)) {
        long started = System.nanoTime();
        ActivityOutput output;
        try {
          output = super.execute(input);
        } catch (RuntimeException e) {
          if (task != null) {
            metrics.nodeFinished(task.componentId(), failureStatus(task, e), since(started));
          }
          throw e;
        }
        afterSuccess(task, args, started);
        return output;
      }
    }

    private LogContext context(RunRef run, NodeTask task) {
      LogContext context = run == null ? LogContext.open() : LogContext.forRun(run);
      return context
          .with(LogContext.NODE_ID, task == null ? null : task.nodeId())
          .with(LogContext.TEMPORAL_WORKFLOW_ID, info == null ? null : info.getWorkflowId());
    }

    private void afterSuccess(NodeTask task, Object[] args, long started) {
      if (task != null) {
        metrics.nodeFinished(task.componentId(), "success", since(started));
        return;
      }
      String type = info == null ? "" : info.getActivityType();
      if ((FINISH_RUN.equals(type) || COMPLETE_RUN.equals(type))
          && args.length > 1
          && args[1] instanceof String status) {
        runFinished(status);
      } else if ((WRITE_LOGS.equals(type) || BEGIN_RUN.equals(type)) && args.length > 1) {
        nodesFinished(args[1]);
      } else if (COMPLETE_RUN_WITH_LOGS.equals(type)
          && args.length > 2
          && args[2] instanceof String status) {
        nodesFinished(args[1]);
        runFinished(status);
      }
    }

    private void runFinished(String status) {
      LOG.info("run finished: {}", status);
      metrics.runFinished(status);
    }

    private void nodesFinished(Object logs) {
      if (logs instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof LogEntry entry) {
            metrics.nodeFinished(
                entry.componentId(), entry.status(), Duration.ofMillis(entry.durationMs()));
          }
        }
      }
    }

    private String failureStatus(NodeTask task, RuntimeException e) {
      boolean nonRetryable = e instanceof ApplicationFailure failure && failure.isNonRetryable();
      boolean last = info == null || info.getAttempt() >= task.maxAttempts();
      return nonRetryable || last ? "error" : "warning";
    }

    private static Duration since(long startedNanos) {
      return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
  }
}

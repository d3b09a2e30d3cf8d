package io.flowd.worker.observability;

import io.flowd.engine.observability.RecordedSpans;
import io.flowd.engine.observability.TraceContextPropagator;
import io.flowd.engine.observability.Tracing;
import io.flowd.engine.workflow.GraphRunInput;
import io.flowd.nodes.http.OutgoingTrace;
import io.flowd.worker.activity.NodeTask;
import io.flowd.worker.schedule.FireOutcome;
import io.flowd.worker.schedule.FireRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.failure.CanceledFailure;
import io.temporal.internal.sync.DestroyWorkflowThreadError;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Records a run's spans from outside workflow and activity code. Around a run's workflow it begins
 * the {@code run} span (child of the trace context the start carried in through Temporal's headers,
 * {@link TraceContextPropagator}) and passes it on as the parent of everything the run starts; the
 * span itself is exported when the run ends ({@link RunTraces}). Around each node activity it
 * records a span per attempt, with the node id, component, run id, attempt and status as attributes
 * and the activity's schedule-to-start time as a {@code schedule-to-start} child span; the span is
 * current while the node runs, so its outgoing calls ({@link OutgoingTrace}) become its children.
 * Around a schedule's fire it records the {@code schedule fire} span the fired run starts in.
 * Workflow code never makes spans; with tracing off this interceptor is not installed.
 */
public final class TracingWorkerInterceptor extends WorkerInterceptorBase {
  private final Tracing tracing;

  public TracingWorkerInterceptor(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new Traced(next, tracing);
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new RunSpan(next, tracing);
  }

  /** Begins a graph run's {@code run} span, and records it when the run ends. */
  private static final class RunSpan extends WorkflowInboundCallsInterceptorBase {
    private final Tracing tracing;

    RunSpan(WorkflowInboundCallsInterceptor next, Tracing tracing) {
      super(next);
      this.tracing = tracing;
    }

    @Override
    public WorkflowOutput execute(WorkflowInput input) {
      Object[] args = input.getArguments();
      if (args.length == 0 || !(args[0] instanceof GraphRunInput run)) {
        return super.execute(input);
      }
      WorkflowInfo info = Workflow.getInfo();
      SpanContext parent = Span.fromContext(TraceContextPropagator.extract()).getSpanContext();
      SpanContext runSpan =
          RecordedSpans.childOf(
              parent,
              RecordedSpans.traceId("run", info.getWorkflowId(), info.getRunId()),
              RecordedSpans.spanId("run", info.getWorkflowId(), info.getRunId()));
      RunTraces.begin(tracing, runSpan, info.getRunId(), run.run());
      TraceContextPropagator.carry(runSpan);
      try {
        WorkflowOutput output = super.execute(input);
        RunTraces.runEnded(parent, "completed");
        return output;
      } catch (CanceledFailure cancelled) {
        RunTraces.runEnded(parent, "cancelled");
        throw cancelled;
      } catch (DestroyWorkflowThreadError evicted) {
        // The run left this worker's cache; the worker that ends it records its span.
        throw evicted;
      } catch (RuntimeException failed) {
        RunTraces.runEnded(parent, "failed");
        throw failed;
      }
    }
  }

  private static final class Traced extends ActivityInboundCallsInterceptorBase {
    private final Tracing tracing;
    private ActivityInfo info;

    Traced(ActivityInboundCallsInterceptor next, Tracing tracing) {
      super(next);
      this.tracing = tracing;
    }

    @Override
    public void init(ActivityExecutionContext context) {
      this.info = context.getInfo();
      super.init(context);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      Object[] args = input.getArguments();
      if (args.length > 0 && args[0] instanceof NodeTask task) {
        return node(input, task);
      }
      if (args.length > 0 && args[0] instanceof FireRequest fire) {
        return fire(input, fire);
      }
      return super.execute(input);
    }

    private ActivityOutput node(ActivityInput input, NodeTask task) {
      Context parent = TraceContextPropagator.extract();
      if (!Span.fromContext(parent).getSpanContext().isValid()) {
        return super.execute(input);
      }
      long started = System.currentTimeMillis();
      Span span =
          tracing
              .tracer()
              .spanBuilder("node " + task.componentId())
              .setParent(parent)
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(started, TimeUnit.MILLISECONDS)
              .setAttribute("flowd.node.id", task.nodeId())
              .setAttribute("flowd.component", task.componentId())
              .setAttribute("flowd.run.id", task.run().runId())
              .setAttribute("flowd.workflow.id", task.run().workflowId())
              .setAttribute("flowd.node.attempt", info == null ? 1L : info.getAttempt())
              .startSpan();
      scheduleToStart(span, started);
      try (Scope ignored =
          parent.with(span).with(OutgoingTrace.TRACER, tracing.tracer()).makeCurrent()) {
        ActivityOutput output = super.execute(input);
        span.setAttribute("flowd.node.status", "success");
        return output;
      } catch (RuntimeException e) {
        span.setAttribute("flowd.node.status", "failed");
        span.setStatus(StatusCode.ERROR);
        span.recordException(e);
        throw e;
      } finally {
        span.end();
      }
    }

    /**
     * Records the time Temporal held the attempt in its task queue (from its schedule to this
     * worker's start) as a child span of {@code node}, with the task queue as an attribute.
     */
    private void scheduleToStart(Span node, long started) {
      if (info == null) {
        return;
      }
      long scheduled = info.getCurrentAttemptScheduledTimestamp();
      if (scheduled <= 0 || scheduled > started) {
        return;
      }
      tracing
          .tracer()
          .spanBuilder("schedule-to-start")
          .setParent(Context.root().with(node))
          .setSpanKind(SpanKind.INTERNAL)
          .setStartTimestamp(scheduled, TimeUnit.MILLISECONDS)
          .setAttribute("temporal.activity.type", info.getActivityType())
          .setAttribute("temporal.task_queue", info.getActivityTaskQueue())
          .setAttribute("temporal.activity.attempt", (long) info.getAttempt())
          .startSpan()
          .end(started, TimeUnit.MILLISECONDS);
    }

    private ActivityOutput fire(ActivityInput input, FireRequest fire) {
      Context parent = TraceContextPropagator.extract();
      Span span =
          tracing
              .tracer()
              .spanBuilder("schedule fire")
              .setParent(parent)
              .setSpanKind(SpanKind.INTERNAL)
              .setAttribute("flowd.workflow.id", fire.workflowId())
              .setAttribute("flowd.trigger", "schedule")
              .setAttribute(
                  "flowd.schedule.fire_time",
                  Instant.ofEpochMilli(fire.scheduledAtMillis()).toString())
              .startSpan();
      Map<String, String> before = TraceContextPropagator.carry(span.getSpanContext());
      try (Scope ignored = parent.with(span).makeCurrent()) {
        ActivityOutput output = super.execute(input);
        if (output.getResult() instanceof FireOutcome outcome) {
          span.setAttribute(
              "flowd.schedule.outcome", outcome.result().name().toLowerCase(Locale.ROOT));
          if (outcome.runId() != null) {
            span.setAttribute("flowd.run.id", outcome.runId());
          }
        }
        return output;
      } catch (RuntimeException e) {
        span.setStatus(StatusCode.ERROR);
        span.recordException(e);
        throw e;
      } finally {
        TraceContextPropagator.restore(before);
        span.end();
      }
    }
  }
}

package io.flowd.worker.observability;

import io.flowd.engine.observability.TraceContextPropagator;
import io.flowd.engine.observability.Tracing;
import io.flowd.nodes.http.OutgoingTrace;
import io.flowd.worker.activity.NodeTask;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;

/**
 * Records a span per node attempt, from outside the activity implementation: child of the trace
 * context the run carried in through Temporal's headers ({@link TraceContextPropagator}), with the
 * node id, component, run id, attempt and status as attributes. The span is current while the node
 * runs, so its outgoing calls ({@link OutgoingTrace}) become its children. Workflow code never
 * makes spans.
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
      if (args.length == 0 || !(args[0] instanceof NodeTask task)) {
        return super.execute(input);
      }
      Context parent = TraceContextPropagator.extract();
      if (!Span.fromContext(parent).getSpanContext().isValid()) {
        return super.execute(input);
      }
      Span span =
          tracing
              .tracer()
              .spanBuilder("node " + task.componentId())
              .setParent(parent)
              .setSpanKind(SpanKind.INTERNAL)
              .setAttribute("flowd.node.id", task.nodeId())
              .setAttribute("flowd.component", task.componentId())
              .setAttribute("flowd.run.id", task.run().runId())
              .setAttribute("flowd.workflow.id", task.run().workflowId())
              .setAttribute("flowd.node.attempt", info == null ? 1L : info.getAttempt())
              .startSpan();
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
  }
}

package io.flowd.worker.observability;

import io.flowd.engine.observability.RecordedSpans;
import io.flowd.engine.observability.TraceContextPropagator;
import io.flowd.engine.observability.Tracing;
import io.flowd.model.RunRef;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.temporal.failure.CanceledFailure;
import io.temporal.internal.sync.DestroyWorkflowThreadError;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLocal;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The spans of a run's workflow-level work (the run itself, its waits and child runs), made from
 * what the run's history records: their times are {@link Workflow#currentTimeMillis()} readings,
 * their ids derive from the Temporal run id ({@link RecordedSpans}), and they are exported only
 * when the worker is not replaying, so a replay makes neither duplicates nor commands. With tracing
 * off (no run span was begun by {@link TracingWorkerInterceptor}) every method does nothing.
 */
public final class RunTraces {
  private static final WorkflowLocal<RunTrace> CURRENT = new WorkflowLocal<>();

  /** The run span of the running workflow and what its spans are exported through. */
  record RunTrace(Tracing tracing, SpanContext runSpan, String temporalRunId, RunRef run) {}

  private RunTraces() {}

  /** Makes {@code runSpan} the parent of this workflow's node, wait and child-run spans. */
  static void begin(Tracing tracing, SpanContext runSpan, String temporalRunId, RunRef run) {
    CURRENT.set(new RunTrace(tracing, runSpan, temporalRunId, run));
  }

  /**
   * Returns {@code body} inside a {@code kind} span of node {@code nodeId} (started at {@code
   * startedAt}, a workflow time): while it runs, the span is the trace context this workflow thread
   * passes on, so child runs started by {@code body} become its children.
   *
   * @param kind {@code wait} or {@code child run}
   */
  public static <T> Supplier<T> around(
      String kind, String nodeId, String componentId, long startedAt, Supplier<T> body) {
    RunTrace trace = CURRENT.get();
    if (trace == null) {
      return body;
    }
    SpanContext span = nodeSpan(trace, nodeId, startedAt);
    return () -> {
      Map<String, String> before = TraceContextPropagator.carry(span);
      String status = "failed";
      try {
        T result = body.get();
        status = "success";
        return result;
      } catch (CanceledFailure cancelled) {
        status = "cancelled";
        throw cancelled;
      } catch (DestroyWorkflowThreadError evicted) {
        // The run left this worker's cache; the worker that replays it records the span.
        status = null;
        throw evicted;
      } finally {
        TraceContextPropagator.restore(before);
        if (status != null) {
          recordNode(trace, span, kind, nodeId, componentId, startedAt, status);
        }
      }
    };
  }

  /**
   * Records the {@code kind} span of node {@code nodeId}, started at {@code startedAt} (a workflow
   * time) and ending now, when the run is traced and not replaying.
   */
  public static void ended(
      String kind, String nodeId, String componentId, long startedAt, String status) {
    RunTrace trace = CURRENT.get();
    if (trace != null) {
      recordNode(
          trace, nodeSpan(trace, nodeId, startedAt), kind, nodeId, componentId, startedAt, status);
    }
  }

  /** Records the run span, from the run's start to now, when not replaying. */
  static void runEnded(SpanContext parent, String status) {
    RunTrace trace = CURRENT.get();
    if (trace == null || WorkflowUnsafe.isReplaying()) {
      return;
    }
    AttributesBuilder attributes =
        Attributes.builder()
            .put("flowd.run.id", trace.run().runId())
            .put("flowd.workflow.id", trace.run().workflowId())
            .put("flowd.workflow.version", (long) trace.run().workflowVersion())
            .put("flowd.run.status", status)
            .put("temporal.workflow.id", Workflow.getInfo().getWorkflowId())
            .put("temporal.run.id", trace.temporalRunId());
    export(
        trace.tracing(),
        "run",
        parent,
        trace.runSpan(),
        Workflow.getInfo().getRunStartedTimestampMillis(),
        attributes.build(),
        !"completed".equals(status));
  }

  private static SpanContext nodeSpan(RunTrace trace, String nodeId, long startedAt) {
    return RecordedSpans.childOf(
        trace.runSpan(),
        null,
        RecordedSpans.spanId("node", trace.temporalRunId(), nodeId, Long.toString(startedAt)));
  }

  private static void recordNode(
      RunTrace trace,
      SpanContext span,
      String kind,
      String nodeId,
      String componentId,
      long startedAt,
      String status) {
    if (WorkflowUnsafe.isReplaying()) {
      return;
    }
    Attributes attributes =
        Attributes.builder()
            .put("flowd.node.id", nodeId)
            .put("flowd.component", componentId)
            .put("flowd.run.id", trace.run().runId())
            .put("flowd.workflow.id", trace.run().workflowId())
            .put("flowd.node.status", status)
            .build();
    export(
        trace.tracing(),
        kind + " " + componentId,
        trace.runSpan(),
        span,
        startedAt,
        attributes,
        "failed".equals(status));
  }

  private static void export(
      Tracing tracing,
      String name,
      SpanContext parent,
      SpanContext span,
      long startMillis,
      Attributes attributes,
      boolean failed) {
    SpanBuilder builder =
        tracing
            .tracer()
            .spanBuilder(name)
            .setSpanKind(SpanKind.INTERNAL)
            .setStartTimestamp(startMillis, TimeUnit.MILLISECONDS)
            .setAllAttributes(attributes);
    if (parent.isValid()) {
      builder.setParent(Context.root().with(Span.wrap(parent)));
    } else {
      builder.setNoParent();
    }
    Span started = RecordedSpans.start(builder, span);
    if (failed) {
      started.setStatus(StatusCode.ERROR);
    }
    started.end(Workflow.currentTimeMillis(), TimeUnit.MILLISECONDS);
  }
}

package io.flowd.engine.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries a run's W3C trace context ({@code traceparent}, {@code tracestate}) through Temporal
 * headers: from the API's start call into the workflow, and from the workflow into its activities
 * and child workflows. Workflow code only passes the opaque map on (deterministic); spans are made
 * in activities, whose thread sees the map through {@link #extract()}.
 *
 * <p>Register it on every {@code WorkflowClientOptions} (API and worker); with tracing off there is
 * no current span and it carries nothing.
 */
public final class TraceContextPropagator implements ContextPropagator {
  private static final String HEADER = "flowd-trace";
  private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  @Override
  public String getName() {
    return HEADER;
  }

  @Override
  public Map<String, Payload> serializeContext(Object context) {
    @SuppressWarnings("unchecked")
    Map<String, String> carrier = (Map<String, String>) context;
    if (carrier == null || carrier.isEmpty()) {
      return Map.of();
    }
    Map<String, Payload> header = new HashMap<>();
    carrier.forEach(
        (key, value) ->
            header.put(key, DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow()));
    return header;
  }

  @Override
  public Object deserializeContext(Map<String, Payload> header) {
    Map<String, String> carrier = new HashMap<>();
    header.forEach(
        (key, payload) ->
            carrier.put(
                key,
                DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    payload, String.class, String.class)));
    return carrier;
  }

  @Override
  public Object getCurrentContext() {
    Map<String, String> carried = CURRENT.get();
    if (carried != null) {
      return carried;
    }
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
    return carrier;
  }

  @Override
  public void setCurrentContext(Object context) {
    @SuppressWarnings("unchecked")
    Map<String, String> carrier = (Map<String, String>) context;
    if (carrier == null || carrier.isEmpty()) {
      CURRENT.remove();
    } else {
      CURRENT.set(carrier);
    }
  }

  /**
   * Makes {@code span} the trace context this Temporal thread passes on to the activities, child
   * workflows and workflow threads it starts, and returns the context it replaced (for {@link
   * #restore}).
   */
  public static Map<String, String> carry(SpanContext span) {
    Map<String, String> before = CURRENT.get();
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance()
        .inject(Context.root().with(Span.wrap(span)), carrier, Map::put);
    CURRENT.set(carrier);
    return before;
  }

  /** Puts back the context {@link #carry} replaced. */
  public static void restore(Map<String, String> before) {
    if (before == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(before);
    }
  }

  /**
   * Returns the trace context the current Temporal activity (or workflow) thread received, or
   * {@link Context#root()} when it received none.
   */
  public static Context extract() {
    Map<String, String> carried = CURRENT.get();
    if (carried == null) {
      return Context.root();
    }
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), carried, GETTER);
  }
}

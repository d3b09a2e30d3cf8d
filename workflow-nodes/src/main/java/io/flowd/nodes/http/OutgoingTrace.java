package io.flowd.nodes.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.net.URI;
import java.util.function.BiConsumer;

/**
 * The {@code CLIENT} span of one outgoing webhook call, child of the node's span, and the W3C
 * {@code traceparent} the request carries. The worker puts its tracer into the node's context under
 * {@link #TRACER}; without one (tracing off, or a node tested from the API) nothing is recorded or
 * sent. The span names the peer by host and port only: a URL's path and query may hold vault
 * values, which never leave the activity.
 */
public final class OutgoingTrace {
  /** Where the worker puts its tracer into the context it runs a node in. */
  public static final ContextKey<Tracer> TRACER = ContextKey.named("flowd-tracer");

  private static final OutgoingTrace NONE = new OutgoingTrace(null, false);

  private final Span span;
  private final boolean propagate;

  private OutgoingTrace(Span span, boolean propagate) {
    this.span = span;
    this.propagate = propagate;
  }

  /** Starts the span of a call to {@code uri}; {@code propagate} sends its traceparent along. */
  static OutgoingTrace start(String method, URI uri, boolean propagate) {
    Context context = Context.current();
    Tracer tracer = context.get(TRACER);
    if (tracer == null || !Span.fromContext(context).getSpanContext().isValid()) {
      return NONE;
    }
    Span span =
        tracer
            .spanBuilder(method)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(context)
            .setAttribute("http.request.method", method)
            .setAttribute("url.scheme", uri.getScheme())
            .setAttribute("server.address", uri.getHost())
            .setAttribute("server.port", (long) port(uri))
            .startSpan();
    return new OutgoingTrace(span, propagate);
  }

  /** Hands the {@code traceparent} (and {@code tracestate}) headers to {@code header}. */
  void inject(BiConsumer<String, String> header) {
    if (span != null && propagate) {
      W3CTraceContextPropagator.getInstance()
          .inject(
              Context.current().with(span),
              header,
              (carrier, name, value) -> carrier.accept(name, value));
    }
  }

  /** Ends the span with the answer's status, or the failure. */
  void finish(int status, RuntimeException failure) {
    if (span == null) {
      return;
    }
    if (status > 0) {
      span.setAttribute("http.response.status_code", (long) status);
    }
    if (failure != null || status >= 400) {
      span.setStatus(StatusCode.ERROR);
    }
    if (failure != null) {
      span.setAttribute("error.type", failure.getClass().getSimpleName());
    }
    span.end();
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}

package io.flowd.api.http;

import io.flowd.engine.observability.Tracing;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Set;

/**
 * The root span of every request that starts runs (the execute and the inbound webhook): a {@code
 * SERVER} span with the HTTP semantic-convention attributes, whose parent is the request's W3C
 * {@code traceparent} when it carries one. The run started inside it inherits its trace through
 * Temporal's headers.
 */
public final class ServerSpans {
  /** The routes whose requests start runs and so open a trace. */
  public static final Set<String> TRACED =
      Set.of("POST /workflows/{id}/execute", "POST /workflows/webhooks/{token}");

  private static final TextMapGetter<Context> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context carrier) {
          return carrier.headerMap().keySet();
        }

        @Override
        public String get(Context carrier, String key) {
          return carrier == null ? null : carrier.header(key);
        }
      };

  private ServerSpans() {}

  /** Returns {@code handler} inside a server span for {@code route}, or as is with tracing off. */
  public static Handler wrap(Tracing tracing, Routes.Route route, Handler handler) {
    if (!tracing.enabled() || !TRACED.contains(route.key())) {
      return handler;
    }
    return ctx -> {
      io.opentelemetry.context.Context parent =
          tracing
              .openTelemetry()
              .getPropagators()
              .getTextMapPropagator()
              .extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
      Span span =
          tracing
              .tracer()
              .spanBuilder(route.method() + " " + route.path())
              .setParent(parent)
              .setSpanKind(SpanKind.SERVER)
              .setAttribute("http.request.method", route.method())
              .setAttribute("http.route", route.path())
              .setAttribute("url.path", ctx.path())
              .setAttribute("url.scheme", ctx.scheme())
              .startSpan();
      try (Scope ignored = span.makeCurrent()) {
        handler.handle(ctx);
      } catch (Exception e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR);
        throw e;
      } finally {
        int status = ctx.statusCode();
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) {
          span.setStatus(StatusCode.ERROR);
        }
        span.end();
      }
    };
  }
}

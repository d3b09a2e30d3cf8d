package io.flowd.engine.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedSpansTest {
  private static final SpanContext PARENT =
      SpanContext.create(
          "4bf92f3577b34da6a3ce929d0e0e4736",
          "00f067aa0ba902b7",
          TraceFlags.getSampled(),
          TraceState.getDefault());

  @Test
  void ids_derive_from_their_parts_alone() {
    assertThat(RecordedSpans.spanId("run", "wf", "r1"))
        .isEqualTo(RecordedSpans.spanId("run", "wf", "r1"))
        .isNotEqualTo(RecordedSpans.spanId("run", "wf", "r2"))
        .hasSize(16);
    assertThat(RecordedSpans.traceId("run", "wf", "r1")).hasSize(32);
  }

  @Test
  void a_recorded_span_gets_the_chosen_span_id_in_its_parents_trace() {
    try (Tracing tracing =
        Tracing.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1"))) {
      SpanContext chosen =
          RecordedSpans.childOf(PARENT, null, RecordedSpans.spanId("run", "wf", "r1"));

      Span span =
          RecordedSpans.start(
              tracing.tracer().spanBuilder("run").setParent(Context.root().with(Span.wrap(PARENT))),
              chosen);
      Span next = tracing.tracer().spanBuilder("other").startSpan();

      assertThat(span.getSpanContext().getSpanId()).isEqualTo(chosen.getSpanId());
      assertThat(span.getSpanContext().getTraceId()).isEqualTo(PARENT.getTraceId());
      assertThat(next.getSpanContext().getSpanId()).isNotEqualTo(chosen.getSpanId());
    }
  }

  @Test
  void a_recorded_span_without_a_parent_gets_the_chosen_trace_id() {
    try (Tracing tracing =
        Tracing.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1"))) {
      SpanContext chosen =
          RecordedSpans.childOf(
              SpanContext.getInvalid(),
              RecordedSpans.traceId("run", "wf", "r1"),
              RecordedSpans.spanId("run", "wf", "r1"));

      Span span = RecordedSpans.start(tracing.tracer().spanBuilder("run").setNoParent(), chosen);

      assertThat(span.getSpanContext().getTraceId()).isEqualTo(chosen.getTraceId());
      assertThat(span.getSpanContext().getSpanId()).isEqualTo(chosen.getSpanId());
    }
  }
}

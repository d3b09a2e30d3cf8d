package io.flowd.engine.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {
  @Test
  void tracing_is_off_and_records_nothing_when_no_otel_variable_asks_for_an_exporter() {
    Tracing tracing = Tracing.fromEnv(Map.of("OTEL_SERVICE_NAME", "flowd"));

    Span span = tracing.tracer().spanBuilder("x").startSpan();

    assertThat(tracing.enabled()).isFalse();
    assertThat(span.isRecording()).isFalse();
    assertThat(span.getSpanContext().isValid()).isFalse();
  }

  @Test
  void otel_sdk_disabled_turns_tracing_off_even_with_an_endpoint() {
    Tracing tracing =
        Tracing.fromEnv(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1", "OTEL_SDK_DISABLED", "true"));

    assertThat(tracing.enabled()).isFalse();
  }

  @Test
  void an_endpoint_turns_tracing_on_with_recording_spans() {
    try (Tracing tracing =
        Tracing.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1"))) {
      Span span = tracing.tracer().spanBuilder("x").startSpan();

      assertThat(tracing.enabled()).isTrue();
      assertThat(span.isRecording()).isTrue();
    }
  }
}

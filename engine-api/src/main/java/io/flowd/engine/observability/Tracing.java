package io.flowd.engine.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The process's OpenTelemetry, read once from the standard {@code OTEL_*} variables by the SDK's
 * autoconfigure module. Tracing is off ({@link OpenTelemetry#noop()}) unless {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code
 * OTEL_TRACES_EXPORTER} is set, or when {@code OTEL_SDK_DISABLED=true}. It is never installed as
 * the global instance, so several in one JVM (the local start, tests) stay apart. The protocol is
 * OTLP/HTTP ({@code http/protobuf}) unless {@code OTEL_EXPORTER_OTLP_PROTOCOL} says otherwise;
 * {@code grpc} is refused at start, as no gRPC sender is on the class path.
 */
public final class Tracing implements AutoCloseable {
  /** The instrumentation scope of flowd's spans. */
  public static final String SCOPE = "io.flowd";

  private static final Tracing OFF = new Tracing(OpenTelemetry.noop(), null);

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;

  private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
    this.tracer = openTelemetry.getTracer(SCOPE);
  }

  /** Returns tracing that is off: no spans, nothing exported. */
  public static Tracing off() {
    return OFF;
  }

  /** Reads the {@code OTEL_*} variables of {@code env}; off when none asks for an exporter. */
  public static Tracing fromEnv(Map<String, String> env) {
    boolean wanted =
        env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
            || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
            || env.containsKey("OTEL_TRACES_EXPORTER");
    if (!wanted || "true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"))) {
      return OFF;
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", "flowd");
    // flowd exports traces only; its metrics are Prometheus's and its logs go to stdout.
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    // OTLP over HTTP (port 4318): the exporter sends with the JDK's HttpClient, which speaks no
    // gRPC.
    properties.put("otel.exporter.otlp.protocol", "http/protobuf");
    env.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_")) {
            properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .addTracerProviderCustomizer(
                (provider, config) -> provider.setIdGenerator(RecordedSpans.IDS))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    return new Tracing(sdk, sdk);
  }

  /** Returns whether spans are recorded and exported. */
  public boolean enabled() {
    return sdk != null;
  }

  /** Returns the OpenTelemetry instance (its propagators and tracer provider). */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** Returns flowd's tracer. */
  public Tracer tracer() {
    return tracer;
  }

  /** Exports what is buffered and stops the exporter. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.close();
    }
  }
}

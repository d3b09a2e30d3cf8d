package io.flowd.engine.observability;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;

/**
 * flowd's meters in one Prometheus registry. A process that runs both the API and the worker (the
 * local start) shares one instance, so {@code /metrics} shows every series on one port.
 */
public final class FlowdMetrics implements AutoCloseable {
  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private Scope temporalScope;

  private FlowdMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** Returns a new, empty registry. */
  public static FlowdMetrics create() {
    return new FlowdMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Returns the Micrometer registry, for meters of other components. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Counts a new run, started or queued for start ({@code flowd_runs_started_total}). */
  public void runStarted(String triggerType) {
    Counter.builder("flowd.runs.started")
        .description("New runs, started on Temporal or queued by the outbox until it answers")
        .tag("trigger_type", triggerType)
        .register(registry)
        .increment();
  }

  /** Counts a run that reached a terminal status ({@code flowd_runs_finished_total}). */
  public void runFinished(String status) {
    Counter.builder("flowd.runs.finished")
        .description("Runs that reached a terminal status")
        .tag("status", status)
        .register(registry)
        .increment();
  }

  /** Counts runs the purger deleted past their retention ({@code flowd_purged_runs_total}). */
  public void runsPurged(long count) {
    Counter.builder("flowd.purged.runs")
        .description("Closed runs deleted past their retention, with their logs and payloads")
        .register(registry)
        .increment(count);
  }

  /**
   * Shows how long ago the purger last finished a pass over every workflow ({@code
   * flowd_purge_lag_seconds}): closed runs may outlive their retention by that much.
   */
  public void purgeLag(java.util.function.DoubleSupplier seconds) {
    io.micrometer.core.instrument.Gauge.builder(
            "flowd.purge.lag", seconds, java.util.function.DoubleSupplier::getAsDouble)
        .strongReference(true)
        .description("Seconds since the purger last finished a pass over every workflow")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Records one node attempt ({@code flowd_node_duration_seconds}). */
  public void nodeFinished(String componentId, String status, Duration duration) {
    Timer.builder("flowd.node.duration")
        .description("Node attempts by component and log status")
        .tag("component", componentId)
        .tag("status", status)
        .register(registry)
        .record(duration);
  }

  /** Records one HTTP request by matched route template ({@code flowd_http_requests_seconds}). */
  public void httpRequest(String route, int status, Duration duration) {
    Timer.builder("flowd.http.requests")
        .description("HTTP requests by matched route template and status")
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(duration);
  }

  /**
   * Returns the tally scope for the Temporal SDK's metrics ({@code temporal_*}), reporting into
   * this registry every second. Pass it to the worker's {@code WorkflowServiceStubsOptions}.
   */
  public synchronized Scope temporalScope() {
    if (temporalScope == null) {
      temporalScope =
          new RootScopeBuilder()
              .reporter(new MicrometerClientStatsReporter(registry))
              .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
    }
    return temporalScope;
  }

  /** Returns every series in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public synchronized void close() {
    if (temporalScope != null) {
      try {
        temporalScope.close();
      } catch (com.uber.m3.tally.ScopeCloseException e) {
        // Closing flushes the last SDK metrics; a failure there loses only those.
      }
    }
    registry.close();
  }
}

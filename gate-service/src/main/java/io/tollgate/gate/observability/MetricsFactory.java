package io.tollgate.gate.observability;

import io.micronaut.context.annotation.Factory;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The Prometheus registry the service exposes at {@code /metrics}: JVM metrics plus Tollgate's own,
 * all prefixed {@code tollgate_}. Collectors are singletons here, registered once per context.
 */
@Factory
final class MetricsFactory {

  @Singleton
  PrometheusRegistry registry() {
    // One registry per application context (not the JVM-wide default), so the registry holds
    // exactly this service's metrics and tests can run several contexts in one JVM.
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return registry;
  }

  @Singleton
  @Named("http")
  Histogram httpRequests(PrometheusRegistry registry) {
    return Histogram.builder()
        .name("tollgate_http_server_request_duration_seconds")
        .help("Duration of HTTP requests served by Tollgate")
        .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
        .labelNames("method", "route", "status")
        .classicUpperBounds(
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
        .register(registry);
  }

  /** The evaluation job runner's metrics, held together so they are registered once. */
  @Singleton
  EvaluationMetrics evaluationMetrics(PrometheusRegistry registry) {
    return new EvaluationMetrics(
        Counter.builder()
            .name("tollgate_decisions_total")
            .help("Final evaluation decisions by gate and outcome")
            .labelNames("gate", "outcome")
            .register(registry),
        Histogram.builder()
            .name("tollgate_evaluation_step_seconds")
            .help("Time to evaluate one step of an evaluation (sources and judge)")
            .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
            .register(registry));
  }

  /** The retention pass's metrics. */
  @Singleton
  RetentionMetrics retentionMetrics(PrometheusRegistry registry) {
    return new RetentionMetrics(
        Counter.builder()
            .name("tollgate_retention_deleted_rows_total")
            .help("Rows deleted by the retention pass, by table")
            .labelNames("table")
            .register(registry),
        Gauge.builder()
            .name("tollgate_retention_last_run_timestamp_seconds")
            .help("When the last retention pass on this replica ended (Unix time)")
            .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
            .register(registry),
        Gauge.builder()
            .name("tollgate_retention_last_run_duration_seconds")
            .help("How long the last retention pass on this replica took")
            .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
            .register(registry),
        Gauge.builder()
            .name("tollgate_storage_table_rows")
            .help("Estimated rows per table (database statistics), read at each retention tick")
            .labelNames("table")
            .register(registry),
        Gauge.builder()
            .name("tollgate_storage_table_bytes")
            .help("Bytes per table including indexes (PostgreSQL), read at each retention tick")
            .unit(io.prometheus.metrics.model.snapshots.Unit.BYTES)
            .labelNames("table")
            .register(registry));
  }

  /** The event dispatcher's metrics. */
  @Singleton
  EventMetrics eventMetrics(PrometheusRegistry registry) {
    return new EventMetrics(
        Counter.builder()
            .name("tollgate_event_deliveries_total")
            .help(
                "Delivery attempts of decision and override events, by destination and result"
                    + " (delivered, retry, failed)")
            .labelNames("destination", "result")
            .register(registry),
        Gauge.builder()
            .name("tollgate_event_deliveries_pending")
            .help("Event deliveries waiting for an attempt (all replicas)")
            .register(registry),
        Histogram.builder()
            .name("tollgate_event_delivery_seconds")
            .help("Time one delivery attempt took, by destination")
            .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
            .labelNames("destination")
            .register(registry));
  }
}

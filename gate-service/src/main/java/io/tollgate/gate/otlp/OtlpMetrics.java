package io.tollgate.gate.otlp;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Metrics of the OTLP/HTTP receiver.
 *
 * <ul>
 *   <li>{@code tollgate_otlp_requests_total{signal,status}}: requests by answer (200, 400, 413,
 *       415, 429, 503)
 *   <li>{@code tollgate_otlp_items_total{signal,outcome}}: spans or data points {@code accepted}
 *       (written to Kafka) and {@code rejected} (partial success)
 *   <li>{@code tollgate_otlp_records_total{signal}}: Kafka records written
 * </ul>
 */
final class OtlpMetrics {
  private final Counter requests;
  private final Counter items;
  private final Counter records;

  OtlpMetrics(PrometheusRegistry registry) {
    this.requests =
        Counter.builder()
            .name("tollgate_otlp_requests_total")
            .help("OTLP/HTTP requests by signal (traces, metrics) and HTTP status")
            .labelNames("signal", "status")
            .register(registry);
    this.items =
        Counter.builder()
            .name("tollgate_otlp_items_total")
            .help("Spans or data points received over OTLP/HTTP, accepted or rejected")
            .labelNames("signal", "outcome")
            .register(registry);
    this.records =
        Counter.builder()
            .name("tollgate_otlp_records_total")
            .help("Kafka records written by the OTLP/HTTP receiver")
            .labelNames("signal")
            .register(registry);
  }

  void answered(String signal, int status) {
    requests.labelValues(signal, Integer.toString(status)).inc();
  }

  void written(String signal, Accepted<?> accepted, int recordCount) {
    items.labelValues(signal, "accepted").inc(accepted.items());
    items.labelValues(signal, "rejected").inc(accepted.rejected());
    records.labelValues(signal).inc(recordCount);
  }
}

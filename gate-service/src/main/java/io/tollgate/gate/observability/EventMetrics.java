package io.tollgate.gate.observability;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;

/**
 * Metrics of the event dispatcher (decisions and overrides out as CloudEvents).
 *
 * @param attempts {@code tollgate_event_deliveries_total{destination,result}}: attempts by result
 *     ({@code delivered}, {@code retry}, {@code failed})
 * @param pending {@code tollgate_event_deliveries_pending}: deliveries waiting, as the last round
 *     counted them
 * @param duration {@code tollgate_event_delivery_seconds{destination}}: time per attempt
 */
public record EventMetrics(Counter attempts, Gauge pending, Histogram duration) {}

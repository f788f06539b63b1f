package io.tollgate.gate.observability;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;

/**
 * Metrics of evaluation jobs.
 *
 * @param decisions {@code tollgate_decisions_total{gate,outcome}}: final decisions
 * @param steps {@code tollgate_evaluation_step_seconds}: time per evaluation step
 */
public record EvaluationMetrics(Counter decisions, Histogram steps) {}

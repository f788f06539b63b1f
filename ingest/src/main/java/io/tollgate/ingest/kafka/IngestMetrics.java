package io.tollgate.ingest.kafka;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The consumer's own metrics, registered once per registry. */
final class IngestMetrics {
  final Counter records;
  final Counter spans;
  final Counter metricPoints;
  final Counter deadLetters;
  final Counter deadLetterFailures;
  final Counter seriesOverflow;
  final Counter commitFailures;
  final Gauge lag;
  final Histogram commitSeconds;
  final Counter decodeSeconds;
  final Counter aggregateSeconds;
  final Counter commitWaitSeconds;

  IngestMetrics(PrometheusRegistry registry) {
    records =
        Counter.builder()
            .name("tollgate_ingest_records_total")
            .help("Kafka records consumed")
            .labelNames("topic")
            .register(registry);
    spans =
        Counter.builder()
            .name("tollgate_ingest_spans_total")
            .help("Spans decoded")
            .register(registry);
    metricPoints =
        Counter.builder()
            .name("tollgate_ingest_metric_points_total")
            .help("OTLP metric data points decoded")
            .register(registry);
    deadLetters =
        Counter.builder()
            .name("tollgate_ingest_dead_letters_total")
            .help("Undecodable records sent to the dead-letter topic")
            .labelNames("topic")
            .register(registry);
    deadLetterFailures =
        Counter.builder()
            .name("tollgate_ingest_dead_letter_failures_total")
            .help("Undecodable records the dead-letter topic did not accept")
            .register(registry);
    seriesOverflow =
        Counter.builder()
            .name("tollgate_ingest_series_overflow_total")
            .help("Request spans folded into the overflow series by the cardinality guard")
            .labelNames("service")
            .register(registry);
    commitFailures =
        Counter.builder()
            .name("tollgate_ingest_commit_failures_total")
            .help(
                "Batch commits that failed (database unavailable, partition fenced, or a dead letter not accepted)")
            .labelNames("reason")
            .register(registry);
    lag =
        Gauge.builder()
            .name("tollgate_ingest_consumer_lag")
            .help("Records behind the end of each assigned partition")
            .labelNames("topic", "partition")
            .register(registry);
    commitSeconds =
        Histogram.builder()
            .name("tollgate_ingest_batch_commit_seconds")
            .help("Time to write one batch of aggregates with its offsets")
            .register(registry);
    // Where the consumer thread's time goes; what is left is polling and waiting for records.
    decodeSeconds =
        Counter.builder()
            .name("tollgate_ingest_decode_seconds_total")
            .help("Time the consumer spent decoding OTLP records")
            .register(registry);
    aggregateSeconds =
        Counter.builder()
            .name("tollgate_ingest_aggregate_seconds_total")
            .help("Time the consumer spent adding decoded spans and points to batches")
            .register(registry);
    commitWaitSeconds =
        Counter.builder()
            .name("tollgate_ingest_commit_wait_seconds_total")
            .help(
                "Time the consumer waited for a commit to finish before it could read on (back-pressure)")
            .register(registry);
  }
}

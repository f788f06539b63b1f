package io.tollgate.ingest.otlp

import static io.tollgate.ingest.testing.Otlp.attr

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest
import io.opentelemetry.proto.metrics.v1.AggregationTemporality
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint
import io.opentelemetry.proto.metrics.v1.Gauge
import io.opentelemetry.proto.metrics.v1.Histogram
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint
import io.opentelemetry.proto.metrics.v1.Metric
import io.opentelemetry.proto.metrics.v1.NumberDataPoint
import io.opentelemetry.proto.metrics.v1.ResourceMetrics
import io.opentelemetry.proto.metrics.v1.ScopeMetrics
import io.opentelemetry.proto.metrics.v1.Sum
import io.tollgate.telemetry.aggregate.MetricStats
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.ingest.testing.Otlp
import spock.lang.Specification

class MetricMapperSpec extends Specification {
  static final long T0 = 1_700_000_040_000_000_000L
  static final long S = 1_000_000_000L

  PartitionBatch batch = new PartitionBatch('otlp_metrics', 0, -1, 0)
  MetricMapper mapper = new MetricMapper(AttributeMapping.defaults())

  static ExportMetricsServiceRequest request(Metric... metrics) {
    ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(Otlp.resource('checkout', '1.8.0', 'prod', 'canary'))
        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(metrics.toList()))).build()
  }

  static NumberDataPoint point(long t, double v, String route = '/orders') {
    NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsDouble(v).addAttributes(attr('http.route', route)).build()
  }

  MetricStats only(String name) {
    def found = batch.metrics().findAll { k, v -> k.name() == name }
    assert found.size() == 1
    found.values().first()
  }

  void "gauge points in a minute keep samples, sum, min, max and the last value"() {
    when:
    mapper.map(request(Metric.newBuilder().setName('queue.depth').setGauge(Gauge.newBuilder()
        .addDataPoints(point(T0 + 10 * S, 7)).addDataPoints(point(T0 + 5 * S, 3)).addDataPoints(point(T0 + 50 * S, 5))).build()), batch)
    def g = only('queue.depth')

    then:
    [g.samples(), g.sum(), g.min(), g.max(), g.last()] == [3L, 15d, 3d, 7d, 5d]
    batch.metrics().keySet().first().series().track() == 'canary'
    batch.metrics().keySet().first().attributes() == '{http.route="/orders"}'
  }

  void "delta sums add up, cumulative sums keep the latest point"() {
    when:
    mapper.map(request(
        Metric.newBuilder().setName('delta').setSum(Sum.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
            .addDataPoints(point(T0 + S, 4)).addDataPoints(point(T0 + 2 * S, 6))).build(),
        Metric.newBuilder().setName('cumulative').setSum(Sum.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(point(T0 + 2 * S, 110)).addDataPoints(point(T0 + S, 100))).build()), batch)

    then:
    only('delta').sum() == 10d
    only('cumulative').sum() == 110d
    only('cumulative').last() == 110d
  }

  void "an explicit-bucket histogram becomes a sketch with its counts"() {
    given: 'the spanmetrics connector default buckets (ms), 100 requests mostly between 50 and 100 ms'
    def bounds = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000].collect { it as double }
    def counts = [0, 0, 0, 0, 0, 10, 80, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0].collect { it as long }
    def p = HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(100).setSum(7500).setMin(12).setMax(390)
        .addAllExplicitBounds(bounds).addAllBucketCounts(counts).build()

    when:
    mapper.map(request(Metric.newBuilder().setName('duration').setHistogram(Histogram.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).addDataPoints(p)).build()), batch)
    def h = only('duration')

    then:
    h.samples() == 100
    h.sum() == 7500d
    [h.min(), h.max()] == [12d, 390d]
    h.sketch().count == 100d
    Math.abs(h.sketch().getValueAtQuantile(0.5) - 75) <= 0.01 * 75
  }

  void "an exponential histogram becomes a sketch over its bucket midpoints"() {
    given: 'scale 0: bucket i covers (2^i, 2^(i+1)]'
    def p = ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(12).setSum(300).setScale(0).setZeroCount(2)
        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(4).addAllBucketCounts([5L, 0L, 5L])).build()

    when:
    mapper.map(request(Metric.newBuilder().setName('exp').setExponentialHistogram(ExponentialHistogram.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).addDataPoints(p)).build()), batch)
    def h = only('exp')

    then:
    h.sketch().count == 12d
    h.sketch().minValue == 0d
    Math.abs(h.sketch().maxValue - Math.pow(2, 6.5)) <= 0.01 * Math.pow(2, 6.5)
  }

  void "points of different attributes or minutes are different rows"() {
    when:
    mapper.map(request(Metric.newBuilder().setName('g').setGauge(Gauge.newBuilder()
        .addDataPoints(point(T0, 1, '/a')).addDataPoints(point(T0, 2, '/b')).addDataPoints(point(T0 + 60 * S, 3, '/a'))).build()), batch)

    then:
    batch.metrics().size() == 3
  }
}

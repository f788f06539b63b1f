package io.tollgate.telemetry.store

import static io.tollgate.ingest.testing.Otlp.attr

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest
import io.opentelemetry.proto.metrics.v1.AggregationTemporality
import io.opentelemetry.proto.metrics.v1.Histogram
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint
import io.opentelemetry.proto.metrics.v1.Metric
import io.opentelemetry.proto.metrics.v1.ResourceMetrics
import io.opentelemetry.proto.metrics.v1.ScopeMetrics
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.ingest.otlp.AttributeMapping
import io.tollgate.ingest.otlp.MetricMapper
import io.tollgate.ingest.testing.Databases
import io.tollgate.ingest.testing.Otlp
import io.tollgate.testsupport.PostgresFixture
import java.time.Instant
import javax.sql.DataSource
import spock.lang.Specification

class MetricStoreSpec extends Specification {
  static final long T0 = 1_700_000_040_000_000_000L
  static final long S = 1_000_000_000L

  PostgresFixture pg

  DataSource dataSource(String db) {
    if (db == 'h2') {
      return Databases.h2()
    }
    pg = PostgresFixture.start()
    Databases.postgres(pg)
  }

  void cleanup() {
    pg?.close()
  }

  static ExportMetricsServiceRequest histograms(long t, long count, double sum, List<Long> buckets) {
    def p = HistogramDataPoint.newBuilder().setTimeUnixNano(t).setCount(count).setSum(sum)
        .addAllExplicitBounds([10d, 100d, 1000d]).addAllBucketCounts(buckets)
        .addAttributes(attr('http.route', '/pay')).build()
    ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(Otlp.resource('payment', '3.1.0', 'prod', 'baseline'))
        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName('http.server.request.duration')
            .setHistogram(Histogram.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).addDataPoints(p))))).build()
  }

  void "#db: delta histogram minutes from several partitions and commits merge on read"() {
    given:
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    def store = new AggregateStore(ds)
    def mapper = new MetricMapper(AttributeMapping.defaults())
    def b0 = new PartitionBatch('otlp_metrics', 0, -1, 0)
    mapper.map(histograms(T0 + S, 10, 500, [1L, 6L, 3L, 0L]), b0); b0.consumed(0)
    store.commit([b0])
    def b0b = new PartitionBatch('otlp_metrics', 0, 1, 1)
    mapper.map(histograms(T0 + 2 * S, 5, 250, [0L, 5L, 0L, 0L]), b0b); b0b.consumed(1)
    def b1 = new PartitionBatch('otlp_metrics', 1, -1, 0)
    mapper.map(histograms(T0 + 3 * S, 20, 4000, [0L, 0L, 20L, 0L]), b1); b1.consumed(0)
    store.commit([b0b, b1])

    when:
    def minutes = new AggregateReader(ds).metricMinutes('http.server.request.duration', 'payment',
        Instant.ofEpochSecond(T0.intdiv(S)), Instant.ofEpochSecond(T0.intdiv(S) + 60))

    then:
    minutes.size() == 1
    def m = minutes.first()
    m.attributes() == '{http.route="/pay"}'
    m.series().track() == 'baseline'
    m.stats().samples() == 35
    m.stats().sum() == 4750d
    m.stats().sketch().count == 35d

    where:
    db << ['postgres', 'h2']
  }
}

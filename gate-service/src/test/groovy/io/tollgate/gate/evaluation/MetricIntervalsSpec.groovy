package io.tollgate.gate.evaluation

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest
import io.opentelemetry.proto.common.v1.AnyValue
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.metrics.v1.AggregationTemporality
import io.opentelemetry.proto.metrics.v1.Histogram
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint
import io.opentelemetry.proto.metrics.v1.Metric
import io.opentelemetry.proto.metrics.v1.ResourceMetrics
import io.opentelemetry.proto.metrics.v1.ScopeMetrics
import io.opentelemetry.proto.resource.v1.Resource
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.ingest.otlp.AttributeMapping
import io.tollgate.ingest.otlp.MetricMapper
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.AggregateStore
import io.tollgate.telemetry.store.IngestSchema
import io.tollgate.rules.model.Metrics
import java.time.Duration
import java.time.Instant
import javax.sql.DataSource
import org.h2.jdbcx.JdbcDataSource
import spock.lang.Specification

/** A metrics histogram SLI reaches the judge minute by minute, from ingest's stored minutes. */
class MetricIntervalsSpec extends Specification {
  static final long S = 1_000_000_000L
  static final Instant MINUTE = Instant.ofEpochSecond(1_700_000_040L)

  static KeyValue attr(String k, String v) {
    KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build()
  }

  static ExportMetricsServiceRequest histogram(Instant at, long count, List<Long> buckets) {
    def p = HistogramDataPoint.newBuilder().setTimeUnixNano(at.epochSecond * S + S).setCount(count)
        .setSum(count * 50d).addAllExplicitBounds([10d, 100d, 1000d]).addAllBucketCounts(buckets)
        .addAttributes(attr('http.route', '/pay')).build()
    def resource = Resource.newBuilder().addAttributes(attr('service.name', 'payment'))
        .addAttributes(attr('service.version', '3.1.0')).addAttributes(attr('tollgate.track', 'canary')).build()
    ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(resource)
        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName('http.server.request.duration')
            .setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).addDataPoints(p))))).build()
  }

  DataSource stored(List<ExportMetricsServiceRequest> requests) {
    def ds = new JdbcDataSource()
    ds.setURL("jdbc:h2:mem:metrics_${UUID.randomUUID().toString().replace('-', '')};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
    ds.setUser('sa')
    IngestSchema.migrate(ds)
    def mapper = new MetricMapper(AttributeMapping.defaults())
    def batch = new PartitionBatch('otlp_metrics', 0, -1, 0)
    requests.eachWithIndex { r, i -> mapper.map(r, batch); batch.consumed(i) }
    new AggregateStore(ds).commit([batch])
    ds
  }

  void "a histogram is read minute by minute, and the window's distribution is their merge"() {
    given: 'the second minute is slower: all its requests above 100 ms'
    def ds = stored([histogram(MINUTE, 10, [1L, 9L, 0L, 0L]), histogram(MINUTE.plusSeconds(60), 20, [0L, 0L, 20L, 0L])])
    def source = new MetricSource(new AggregateReader(ds))
    def m = new Metrics('http.server.request.duration', [:], Metrics.Type.HISTOGRAM, null)

    when:
    def read = source.read(m, new Side(Side.CANARY, [service: 'payment', track: 'canary']), [:],
        MINUTE, MINUTE.plus(Duration.ofMinutes(2))).get()

    then:
    read.intervals()*.start() == [MINUTE, MINUTE.plusSeconds(60)]
    read.intervals()*.distribution()*.get()*.count() == [10d, 20d]
    read.intervals()[1].distribution().get().quantile(0.5) > 100
    read.distribution().get().count() == 30d
  }
}

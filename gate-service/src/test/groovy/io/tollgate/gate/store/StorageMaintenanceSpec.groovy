package io.tollgate.gate.store

import io.micronaut.context.annotation.Property
import io.micronaut.jdbc.DataSourceResolver
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.AggregateStore
import io.tollgate.telemetry.store.SpanQuery
import jakarta.inject.Inject
import java.time.Duration
import java.time.Instant
import javax.sql.DataSource
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

@MicronautTest
@Property(name = 'tollgate.storage.compaction.interval', value = '1s')
@Property(name = 'tollgate.storage.compaction.settle', value = '1m')
class StorageMaintenanceSpec extends Specification {
  @Inject DataSource dataSource
  @Inject DataSourceResolver resolver
  @Inject AggregateReader reader

  void "compaction rounds run on their own schedule and build the rollup of a settled hour"() {
    given: "three requests in the hour before last"
    def pool = resolver.resolve(dataSource)
    long hour = Math.floorDiv(Instant.now().epochSecond, 3600L) * 3600 - 7200
    def batch = new PartitionBatch('otlp_spans', 0, -1, 0)
    def guard = new CardinalityGuard(100, {})
    def series = new SeriesKey('maintenance-spec', '1.0.0', 'prod', 'canary')
    batch.recordSpan(series, 'GET /', hour + 60, 12d, false, guard)
    batch.recordSpan(series, 'GET /', hour + 600, 15d, true, guard)
    batch.recordSpan(series, 'GET /', hour + 3540, 18d, false, guard)
    batch.consumed(0)
    new AggregateStore(pool).commit([batch])

    expect: "a round builds the hour, and the hour reads as its minutes did"
    new PollingConditions(timeout: 30, delay: 0.5).eventually {
      assert builtHours(pool, hour) == 1
    }
    def counts = reader.operationCounts(SpanQuery.of('maintenance-spec', Instant.ofEpochSecond(hour),
        Instant.ofEpochSecond(hour).plus(Duration.ofHours(1))))
    counts*.requests() == [3L]
    counts*.errors() == [1L]
  }

  static long builtHours(DataSource ds, long hour) {
    ds.connection.withCloseable { c ->
      def ps = c.prepareStatement("SELECT COUNT(*) FROM ingest_rollup_bucket WHERE kind = 'span_hour' AND bucket_start = ?")
      ps.setObject(1, Instant.ofEpochSecond(hour).atOffset(java.time.ZoneOffset.UTC))
      ps.executeQuery().with { it.next(); it.getLong(1) }
    }
  }
}

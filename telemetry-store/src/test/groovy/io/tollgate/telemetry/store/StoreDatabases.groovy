package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.MetricKey
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.testsupport.PostgresFixture
import javax.sql.DataSource
import org.h2.jdbcx.JdbcDataSource
import org.postgresql.ds.PGSimpleDataSource

/** The two databases the store runs on, migrated, and a writer of hand-made batches. */
class StoreDatabases {
  static DataSource postgres(PostgresFixture pg) {
    def ds = new PGSimpleDataSource()
    ds.setURL(pg.jdbcUrl())
    ds.setUser(pg.user())
    ds.setPassword(pg.password())
    IngestSchema.migrate(ds)
    ds
  }

  static DataSource h2() {
    def ds = new JdbcDataSource()
    ds.setURL("jdbc:h2:mem:store_${UUID.randomUUID().toString().replace('-', '')};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
    ds.setUser('sa')
    IngestSchema.migrate(ds)
    ds
  }

  /** Per topic partition, the next offset to expect, so batches commit one after another. */
  final Map<Integer, Long> offsets = [:]
  final DataSource ds
  final AggregateStore store

  StoreDatabases(DataSource ds) {
    this.ds = ds
    this.store = new AggregateStore(ds)
  }

  /** Commits spans: each entry [series, operation, minuteEpochSecond, latencyMs, error]. */
  void spans(int partition, List<List> spans) {
    def b = batch('otlp_spans', partition)
    def guard = new CardinalityGuard(10_000, { })
    spans.each { s -> b.recordSpan(s[0] as SeriesKey, s[1] as String, s[2] as long, s[3] as double, s[4] as boolean, guard) }
    store.commit([b])
  }

  /** Commits one delta gauge-like sum point per entry [series, attributes, minute, value]. */
  void metrics(int partition, String name, List<List> points) {
    def b = batch('otlp_metrics', partition)
    points.each { p ->
      def minute = p[2] as long
      b.metric(new MetricKey(name, p[0] as SeriesKey, p[1] as String, minute), 'sum', false)
          .addValue(p[3] as double, minute * 1_000_000_000L + 1)
    }
    store.commit([b])
  }

  PartitionBatch batch(String topic, int partition) {
    def key = topic.hashCode() * 31 + partition
    long expected = offsets.getOrDefault(key, -1L)
    long start = Math.max(expected, 0L)
    def b = new PartitionBatch(topic, partition, expected, start)
    b.consumed(start)
    offsets[key] = start + 1
    b
  }
}

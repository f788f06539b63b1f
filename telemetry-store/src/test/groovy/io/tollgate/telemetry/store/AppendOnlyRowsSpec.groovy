package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.aggregate.MetricKey
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.testsupport.PostgresFixture
import java.sql.SQLException
import java.time.Instant
import javax.sql.DataSource
import org.flywaydb.core.Flyway
import org.h2.jdbcx.JdbcDataSource
import org.postgresql.ds.PGSimpleDataSource
import spock.lang.Specification

/** The write path: every batch appends rows of its own, readers merge them, offsets fence replays. */
class AppendOnlyRowsSpec extends Specification {
  static final long S = 1_000_000_000L
  static final long MINUTE = 1_700_000_040L
  static final long T0 = MINUTE * S
  static final Instant FROM = Instant.ofEpochSecond(MINUTE - 3600)
  static final Instant TO = Instant.ofEpochSecond(MINUTE + 3600)
  static final SeriesKey CHECKOUT = new SeriesKey('checkout', '1.0', 'prod', 'canary')

  PostgresFixture pg
  CardinalityGuard guard = new CardinalityGuard(1000, {})

  DataSource dataSource(String db) {
    if (db == 'h2') {
      def ds = new JdbcDataSource()
      ds.URL = "jdbc:h2:mem:store_${UUID.randomUUID().toString().replace('-', '')};MODE=PostgreSQL;" +
          'DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1'
      ds.user = 'sa'
      return ds
    }
    pg = PostgresFixture.start()
    def ds = new PGSimpleDataSource()
    ds.URL = pg.jdbcUrl()
    ds.user = pg.user()
    ds.password = pg.password()
    ds
  }

  void cleanup() {
    pg?.close()
  }

  /** A batch of partition 0 from {@code start} to {@code start + records - 1}. */
  PartitionBatch batch(long expected, long start, int records, Closure fill) {
    def b = new PartitionBatch('otlp', 0, expected, start)
    fill(b)
    records.times { b.consumed(start + it) }
    b
  }

  static long count(DataSource ds, String table) {
    ds.connection.withCloseable { c ->
      def rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM $table")
      rs.next()
      rs.getLong(1)
    }
  }

  void "#db: three batches of the same keys append three rows per key, and reads add them up"() {
    given:
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    def store = new AggregateStore(ds)
    def reader = new AggregateReader(ds)

    when: 'each batch records 2 requests (1 error) on each of two operations in one minute'
    long expected = -1
    long start = 0
    3.times { n ->
      def b = batch(expected, start, 10) { PartitionBatch it ->
        ['GET /a', 'GET /b'].each { op ->
          it.recordSpan(CHECKOUT, op, MINUTE, 10 * (n + 1), false, guard)
          it.recordSpan(CHECKOUT, op, MINUTE, 100, true, guard)
        }
      }
      store.commit([b])
      expected = b.nextOffset()
      start = b.nextOffset()
    }

    then: 'the stored rows are the batches, not one merged row per key'
    count(ds, 'ingest_span_minute') == 6
    batchOffsets(ds, 'ingest_span_minute') == [0L, 10L, 20L] as Set

    and: 'reads merge them into exactly what was recorded'
    def ops = reader.operations(SpanQuery.of('checkout', FROM, TO))
    ops*.operation() == ['GET /a', 'GET /b']
    ops.every { it.requests() == 6 && it.errors() == 3 && it.latencyMs().count == 6d }
    def minutes = reader.operationMinutes(SpanQuery.of('checkout', FROM, TO).withOperation('GET /a'))
    minutes.size() == 1
    minutes[0].stats().requests() == 6
    reader.series('checkout') == [CHECKOUT]
    store.storedOffsets('otlp') == [0: 30L]

    where:
    db << ['postgres', 'h2']
  }

  static Set<Long> batchOffsets(DataSource ds, String table) {
    ds.connection.withCloseable { c ->
      def rs = c.createStatement().executeQuery("SELECT DISTINCT batch_offset FROM $table")
      def out = [] as Set
      while (rs.next()) {
        out << rs.getLong(1)
      }
      out
    }
  }

  void "#db: gauges, cumulative and delta sums written by separate batches read as one minute"() {
    given:
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    def store = new AggregateStore(ds)
    def gauge = new MetricKey('queue.depth', CHECKOUT, '{queue="orders"}', MINUTE)
    def total = new MetricKey('requests.total', CHECKOUT, '{code="200"}', MINUTE)
    def delta = new MetricKey('requests.delta', CHECKOUT, '{code="200"}', MINUTE)

    when: 'the second batch holds the newest gauge and cumulative points; the third an older one'
    def points = [
        [gauge: [5d, 10], total: [100d, 10], delta: 3d],
        [gauge: [9d, 40], total: [130d, 50], delta: 4d],
        [gauge: [7d, 20], total: [120d, 30], delta: 5d],
    ]
    long expected = -1
    points.eachWithIndex { p, n ->
      def b = batch(expected, n * 100, 1) { PartitionBatch it ->
        it.metric(gauge, 'gauge', false).addValue(p.gauge[0], T0 + p.gauge[1] * S)
        it.metric(total, 'sum', true).addValue(p.total[0], T0 + p.total[1] * S)
        it.metric(delta, 'sum', false).addValue(p.delta, T0 + S)
      }
      store.commit([b])
      expected = b.nextOffset()
    }
    def read = { String name ->
      def m = new AggregateReader(ds).metricMinutes(name, 'checkout', FROM, TO)
      assert m.size() == 1
      m[0].stats()
    }

    then:
    count(ds, 'ingest_metric_minute') == 9

    and: 'the gauge: newest sample by time, extremes and count over all batches'
    with(read('queue.depth')) {
      last() == 9d
      lastTimeNanos() == T0 + 40 * S
      min() == 5d
      max() == 9d
      samples() == 3
    }

    and: 'the cumulative sum: the newest point, not a total of points'
    with(read('requests.total')) {
      sum() == 130d
      samples() == 1
      cumulative()
    }

    and: 'the delta sum adds up'
    with(read('requests.delta')) {
      sum() == 12d
      samples() == 3
    }

    where:
    db << ['postgres', 'h2']
  }

  void "#db: a signature is upserted: sightings widen, exemplars fill up, failure counts append"() {
    given:
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    def store = new AggregateStore(ds)
    def sig = new FailureSignature('checkout', 'SERVER', 'GET /a', 'HTTP 503', '', 1)

    when: 'three batches see it at 20 s and 30 s, then at 10 s and 25 s, then at 15 s'
    def sightings = [[[20, 'e1'], [30, 'e2']], [[10, 'e3'], [25, 'e4'], [26, 'e5']], [[15, 'e6']]]
    long expected = -1
    sightings.eachWithIndex { seen, n ->
      def b = batch(expected, n * 10, 1) { PartitionBatch it ->
        seen.each { s -> it.recordFailure(sig, 'canary', '1.0', T0 + (s[0] as long) * S, s[1] as String) }
      }
      store.commit([b])
      expected = b.nextOffset()
    }
    def summaries = new AggregateReader(ds).signatures('checkout', FROM, TO)

    then: 'one signature row, three count rows'
    count(ds, 'ingest_signature') == 1
    count(ds, 'ingest_signature_minute') == 3

    and:
    summaries.size() == 1
    with(summaries[0]) {
      id() == sig.id()
      failures() == 6
      failuresByTrack() == [canary: 6L]
      firstSeen() == Instant.ofEpochSecond(MINUTE + 10)
      lastSeen() == Instant.ofEpochSecond(MINUTE + 30)
      exemplars() == ['e1', 'e2', 'e3', 'e4', 'e5']
    }

    where:
    db << ['postgres', 'h2']
  }

  void "#db: a batch committed twice is fenced by the offsets, and its rows are not counted twice"() {
    given:
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    def store = new AggregateStore(ds)
    def fill = { PartitionBatch it -> it.recordSpan(CHECKOUT, 'GET /a', MINUTE, 10, false, guard) }
    store.commit([batch(-1, 0, 5, fill)])
    store.commit([batch(5, 5, 5, fill)])

    when: 'a consumer that crashed before learning of the commit sends the second batch again'
    store.commit([batch(5, 5, 5, fill)])

    then:
    thrown(PartitionFencedException)
    new AggregateReader(ds).operations(SpanQuery.of('checkout', FROM, TO))[0].requests() == 2

    when: 'even past the offsets, the primary key refuses a second copy of a batch'
    ds.connection.withCloseable { c ->
      c.createStatement().executeUpdate(
          "INSERT INTO ingest_span_minute (topic, kafka_partition, batch_offset, service, service_version," +
              " environment, track, operation, minute_start, requests, errors, latency_sketch)" +
              " SELECT topic, kafka_partition, batch_offset, service, service_version, environment," +
              " track, operation, minute_start, requests, errors, latency_sketch FROM ingest_span_minute")
    }

    then:
    def e = thrown(SQLException)
    e.SQLState.startsWith('23')

    when: 'a batch that starts before the stored offset would reuse a stored batch offset'
    store.commit([batch(10, 7, 5, fill)])

    then:
    thrown(IllegalArgumentException)
    store.storedOffsets('otlp') == [0: 10L]

    where:
    db << ['postgres', 'h2']
  }

  void "#db: a batch larger than one statement is written in full"() {
    given:
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    def b = batch(-1, 0, 1) { PartitionBatch it ->
      (0..<450).each { op -> it.recordSpan(CHECKOUT, "GET /$op", MINUTE, op, op % 3 == 0, guard) }
    }

    when:
    new AggregateStore(ds).commit([b])
    def ops = new AggregateReader(ds).operations(SpanQuery.of('checkout', FROM, TO))

    then: 'two full statements of 200 rows and one of 50'
    count(ds, 'ingest_span_minute') == 450
    ops.size() == 450
    ops.sum { it.errors() } == 150

    where:
    db << ['postgres', 'h2']
  }

  void "#db: rows stored before the upgrade become compacted rows (batch_offset -1) and merge with new ones"() {
    given: 'the schema at V1 with a merged row in it'
    def ds = dataSource(db)
    Flyway.configure().dataSource(ds).locations(IngestSchema.LOCATION)
        .table(IngestSchema.HISTORY_TABLE).target('1').load().migrate()
    def old = batch(-1, 0, 3) { PartitionBatch it ->
      3.times { n -> it.recordSpan(CHECKOUT, 'GET /a', MINUTE, 10, n == 0, guard) }
    }
    ds.connection.withCloseable { c ->
      def ps = c.prepareStatement("INSERT INTO ingest_span_minute (topic, kafka_partition, service," +
          " service_version, environment, track, operation, minute_start, requests, errors, latency_sketch)" +
          " VALUES ('otlp', 0, 'checkout', '1.0', 'prod', 'canary', 'GET /a', ?, 3, 1, ?)")
      ps.setObject(1, Sql.minute(MINUTE))
      ps.setBytes(2, io.tollgate.telemetry.aggregate.Sketches.encode(old.spanStats().values()[0].latencyMs()))
      ps.executeUpdate()
      c.createStatement().executeUpdate(
          "INSERT INTO ingest_offset VALUES ('otlp', 0, 3, CURRENT_TIMESTAMP)")
    }

    when:
    int ran = IngestSchema.migrate(ds)
    def store = new AggregateStore(ds)
    store.commit([batch(3, 3, 2) { PartitionBatch it ->
      it.recordSpan(CHECKOUT, 'GET /a', MINUTE, 10, true, guard)
    }])

    then:
    ran >= 1 // V2 and the migrations after it
    batchOffsets(ds, 'ingest_span_minute') == [-1L, 3L] as Set
    with(new AggregateReader(ds).operations(SpanQuery.of('checkout', FROM, TO))[0]) {
      requests() == 4
      errors() == 2
      latencyMs().count == 4d
    }

    and: 'batch_offset is part of every minute table primary key, with no default left'
    ['ingest_span_minute', 'ingest_metric_minute', 'ingest_signature_minute'].every { t ->
      primaryKey(ds, t).contains('batch_offset')
    }

    when: 'a writer that does not name its batch'
    ds.connection.withCloseable { c ->
      c.createStatement().executeUpdate(
          "INSERT INTO ingest_signature_minute (topic, kafka_partition, signature_id, track," +
              " minute_start, failures) VALUES ('otlp', 0, 'x', 'canary', CURRENT_TIMESTAMP, 1)")
    }

    then:
    def e = thrown(SQLException)
    e.SQLState.startsWith('23')

    where:
    db << ['postgres', 'h2']
  }

  static List<String> primaryKey(DataSource ds, String table) {
    ds.connection.withCloseable { c ->
      def rs = c.metaData.getPrimaryKeys(null, c.schema, table)
      def out = []
      while (rs.next()) {
        out << rs.getString('COLUMN_NAME').toLowerCase()
      }
      out
    }
  }
}

package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.aggregate.MetricKey
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.testsupport.PostgresFixture
import java.time.Duration
import java.time.Instant
import javax.sql.DataSource
import spock.lang.Specification

class MinuteCompactionSpec extends Specification {
  static final Instant D0 = Instant.parse('2026-11-01T00:00:00Z')
  static final long M0 = D0.epochSecond
  static final long S = 1_000_000_000L
  static final SeriesKey CANARY = new SeriesKey('checkout', '2.0.0', 'prod', 'canary')
  static final SeriesKey BASELINE = new SeriesKey('checkout', '1.9.0', 'prod', 'baseline')
  static final FailureSignature SIG = new FailureSignature('checkout', 'SERVER', 'GET /a', 'HTTP 503', '', 1)
  /** 20 minutes after D0: minutes before 00:15 are settled (settle 5 minutes). */
  static final Instant NOW = D0.plus(Duration.ofMinutes(20))

  PostgresFixture pg

  DataSource database(String db) {
    if (db == 'h2') {
      return StoreDatabases.h2()
    }
    pg = PostgresFixture.start()
    StoreDatabases.postgres(pg)
  }

  void cleanup() {
    pg?.close()
  }

  static long count(DataSource ds, String table, String where = 'TRUE') {
    ds.connection.withCloseable { c -> c.createStatement().executeQuery("SELECT COUNT(*) FROM $table WHERE $where").with { it.next(); it.getLong(1) } }
  }

  /** Rows per key and minute: the largest number of rows any (topic, partition, key, minute) has. */
  static long maxRowsPerKey(DataSource ds, String table, String key) {
    ds.connection.withCloseable { c ->
      c.createStatement().executeQuery(
          "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM $table GROUP BY topic, kafka_partition, $key, minute_start) x")
          .with { it.next(); it.getLong(1) }
    }
  }

  static final String SPAN_KEY = 'service, service_version, environment, track, operation'
  static final String METRIC_KEY = 'metric_name, service, service_version, environment, track, attributes_hash'
  static final String SIGNATURE_KEY = 'signature_id, track'

  /** Spans of minutes 0..9 and of minute 17 (not settled), in 4 batches per partition, 2 partitions. */
  static void spans(StoreDatabases w) {
    for (int batch = 0; batch < 4; batch++) {
      for (int p = 0; p < 2; p++) {
        def spans = []
        for (int m in (0..9) + [17]) {
          long minute = M0 + m * 60L
          spans << [CANARY, 'GET /cart', minute, (m * 7 + batch * 13 + p) % 90 + 1d, (m + batch) % 3 == 0]
          spans << [BASELINE, 'POST /pay', minute, (m * 11 + batch * 5) % 300 + 0.5d, batch == p]
        }
        w.spans(p, spans)
      }
    }
  }

  /** Gauge, cumulative and delta points of minute 2 in 4 batches, the newest in the second, and an equal-time tie. */
  static void metrics(StoreDatabases w) {
    long minute = M0 + 120
    long t0 = minute * S
    def gauge = new MetricKey('queue.depth', CANARY, '{queue="orders"}', minute)
    def total = new MetricKey('requests.total', CANARY, '{code="200"}', minute)
    def delta = new MetricKey('requests.delta', CANARY, '{code="200"}', minute)
    def tie = new MetricKey('pool.size', CANARY, '{pool="a"}', minute)
    def points = [
        [gauge: [5d, 10], total: [100d, 10], delta: 3d, tie: 1d],
        [gauge: [9d, 40], total: [130d, 50], delta: 4d, tie: 2d],
        [gauge: [7d, 20], total: [120d, 30], delta: 5d, tie: 3d],
        [gauge: [6d, 15], total: [110d, 20], delta: 6d, tie: 4d],
    ]
    points.each { p ->
      PartitionBatch b = w.batch('otlp_metrics', 0)
      b.metric(gauge, 'gauge', false).addValue(p.gauge[0], t0 + p.gauge[1] * S)
      b.metric(total, 'sum', true).addValue(p.total[0], t0 + p.total[1] * S)
      b.metric(delta, 'sum', false).addValue(p.delta, t0 + S)
      b.metric(tie, 'gauge', false).addValue(p.tie, t0 + 5 * S)
      w.store.commit([b])
    }
  }

  static void failures(StoreDatabases w, int minute, int batches) {
    batches.times { n ->
      PartitionBatch b = w.batch('otlp_spans', 0)
      (n + 1).times { i -> b.recordFailure(SIG, 'canary', '1.0', (M0 + minute * 60L + i) * S, "e$n$i") }
      w.store.commit([b])
    }
  }

  static Map reads(DataSource ds) {
    def reader = new AggregateReader(ds)
    def q = SpanQuery.of('checkout', D0, D0.plus(Duration.ofMinutes(20)))
    [counts : reader.operationCounts(q).collect { [it.series(), it.operation(), it.requests(), it.errors()] },
     stats  : reader.operations(q).collect {
       [it.series(), it.operation(), it.requests(), it.errors(), it.latencyMs().count,
        it.latencyMs().getValueAtQuantile(0.5), it.latencyMs().getValueAtQuantile(0.99), it.latencyMs().maxValue]
     },
     minutes: reader.operationMinutes(q.withOperation('GET /cart')).collect {
       [it.minute(), it.stats().requests(), it.stats().errors(), it.stats().latencyMs().count, it.stats().latencyMs().getValueAtQuantile(0.9)]
     },
     metrics: ['queue.depth', 'requests.total', 'requests.delta', 'pool.size'].collect { name ->
       reader.metricMinutes(name, 'checkout', D0, D0.plus(Duration.ofMinutes(20))).collect {
         def s = it.stats()
         [name, s.kind(), s.cumulative(), s.samples(), s.sum(), s.min(), s.max(), s.last(), s.lastTimeNanos()]
       }
     },
     failures: reader.signatures('checkout', D0, D0.plus(Duration.ofMinutes(20))).collect { [it.id(), it.failures(), it.failuresByTrack()] }]
  }

  void "#db: compaction merges a settled minute's rows into one per key, and every read stays the same"() {
    given:
    def ds = database(db)
    def w = new StoreDatabases(ds)
    spans(w)
    metrics(w)
    failures(w, 3, 3)
    failures(w, 18, 2)
    def before = reads(ds)

    expect: 'four rows per key and minute before'
    maxRowsPerKey(ds, 'ingest_span_minute', SPAN_KEY) == 4
    maxRowsPerKey(ds, 'ingest_metric_minute', METRIC_KEY) == 4
    count(ds, 'ingest_signature_minute') == 5
    before.counts.sum { it[2] } == 4 * 2 * 11 * 2
    before.failures == [[SIG.id(), 3 + 2 + 1 + 2 + 1, [canary: 9L]]]
    before.metrics.find { it[0][0] == 'queue.depth' }[0][7] == 9d
    before.metrics.find { it[0][0] == 'pool.size' }[0][7] == 4d

    when:
    def round = RollupSpec.compactor(ds, NOW).compact()

    then: 'settled minutes hold one row per key, marked compacted'
    round.leaseHeld()
    round.minutes() == 10 + 1 + 1
    count(ds, 'ingest_span_minute', "minute_start < TIMESTAMP WITH TIME ZONE '2026-11-01 00:15:00+00'") == 10 * 2 * 2
    count(ds, 'ingest_span_minute', 'batch_offset >= 0 AND minute_start < TIMESTAMP WITH TIME ZONE \'2026-11-01 00:15:00+00\'') == 0
    count(ds, 'ingest_metric_minute') == 4
    count(ds, 'ingest_metric_minute', 'batch_offset = -1') == 4
    round.minuteRowsRemoved() == (10 * 2 * 2 * 3) + (4 * 3) + 2

    and: 'the minute not settled yet is left alone'
    count(ds, 'ingest_span_minute', "minute_start = TIMESTAMP WITH TIME ZONE '2026-11-01 00:17:00+00'") == 4 * 2 * 2
    count(ds, 'ingest_signature_minute', "minute_start = TIMESTAMP WITH TIME ZONE '2026-11-01 00:18:00+00'") == 2

    and: 'counts, sketches, metric semantics and failures read the same'
    reads(ds) == before

    when: 'a second round'
    def again = RollupSpec.compactor(ds, NOW.plusSeconds(30)).compact()

    then: 'finds nothing to do'
    again.minutes() == 0
    count(ds, 'ingest_span_minute') == 10 * 2 * 2 + 4 * 2 * 2
    reads(ds) == before

    where:
    db << ['h2', 'postgres']
  }

  void "#db: a late batch for a compacted minute is folded in with the compacted row by the next round"() {
    given:
    def ds = database(db)
    def w = new StoreDatabases(ds)
    spans(w)
    metrics(w)
    failures(w, 3, 3)
    RollupSpec.compactor(ds, NOW).compact()
    def minute2 = "minute_start = TIMESTAMP WITH TIME ZONE '2026-11-01 00:02:00+00'"

    when: 'late batches bring a span, a newer gauge point, a delta and a failure for compacted minutes'
    w.spans(1, [[CANARY, 'GET /cart', M0 + 120, 5000d, true]])
    PartitionBatch b = w.batch('otlp_metrics', 0)
    long t0 = (M0 + 120) * S
    b.metric(new MetricKey('queue.depth', CANARY, '{queue="orders"}', M0 + 120), 'gauge', false).addValue(1d, t0 + 50 * S)
    b.metric(new MetricKey('requests.delta', CANARY, '{code="200"}', M0 + 120), 'sum', false).addValue(10d, t0 + S)
    b.metric(new MetricKey('pool.size', CANARY, '{pool="a"}', M0 + 120), 'gauge', false).addValue(8d, t0 + 5 * S)
    w.store.commit([b])
    failures(w, 3, 1)
    def withLate = reads(ds)

    then: 'the late rows are read next to the compacted ones'
    count(ds, 'ingest_span_minute', minute2) == 2 * 2 + 1
    withLate.counts.sum { it[2] } == 4 * 2 * 11 * 2 + 1
    withLate.stats.find { it[0] == CANARY }[7] > 4900
    withLate.metrics.find { it[0][0] == 'queue.depth' }[0][7] == 1d
    withLate.metrics.find { it[0][0] == 'requests.delta' }[0][4] == 3d + 4d + 5d + 6d + 10d
    withLate.metrics.find { it[0][0] == 'pool.size' }[0][7] == 8d
    withLate.failures[0][1] == 3 + 2 + 1 + 1

    when:
    def round = RollupSpec.compactor(ds, NOW.plusSeconds(60)).compact()

    then: 'the compacted row and the late row become one compacted row; reads unchanged'
    round.minutes() == 3
    count(ds, 'ingest_span_minute', minute2) == 2 * 2
    count(ds, 'ingest_span_minute', "batch_offset >= 0 AND $minute2") == 0
    count(ds, 'ingest_metric_minute') == 4
    count(ds, 'ingest_signature_minute') == 1
    reads(ds) == withLate

    where:
    db << ['h2', 'postgres']
  }

  void "#db: compacting minutes under built hour rollups rebuilds nothing, and late data still rebuilds"() {
    given: 'two batches per partition and minute over 30 hours, spans and metrics'
    def ds = database(db)
    def w = new StoreDatabases(ds)
    2.times { RollupSpec.fill(w) }
    2.times { n ->
      w.metrics(0, 'queue.depth', (0..<180).collect { [CANARY, '{queue="a"}', M0 + it * 60L, it + n as double] })
    }
    def now = D0.plus(Duration.ofHours(49))
    def reader = new AggregateReader(ds)
    def day = SpanQuery.of('checkout', D0, D0.plus(Duration.ofDays(1)))
    def hours = SpanQuery.of('checkout', D0.plus(Duration.ofHours(3)), D0.plus(Duration.ofHours(5)))
    long spanRows = count(ds, 'ingest_span_minute')

    when: 'the first round builds hours and days, then compacts the minutes below them'
    def first = RollupSpec.compactor(ds, now).compact()
    def dayCounts = RollupSpec.snapshot(reader, day)
    def hourCounts = RollupSpec.snapshot(reader, hours)

    then:
    first.spanHours() == 30
    first.metricHours() == 3
    first.minutes() > 0
    count(ds, 'ingest_span_minute') == spanRows.intdiv(2)
    count(ds, 'ingest_metric_minute') == 180

    when: 'the next round sees the fewer rows with the same sums'
    def second = RollupSpec.compactor(ds, now.plusSeconds(300)).compact()

    then: 'and rebuilds nothing'
    second.buckets() == 0
    second.minutes() == 0
    RollupSpec.snapshot(reader, day) == dayCounts

    when: 'a request of 03:30 arrives late, next to its compacted minute row'
    w.spans(0, [[RollupSpec.CANARY, 'GET /cart', M0 + 210 * 60, 5000d, true]])
    def third = RollupSpec.compactor(ds, now.plusSeconds(600)).compact()

    then: 'its hour and day are rebuilt and the minute compacted again'
    third.spanHours() == 1
    third.spanDays() == 1
    third.minutes() == 1
    RollupSpec.snapshot(reader, day).counts.sum { it[2] } == dayCounts.counts.sum { it[2] } + 1
    RollupSpec.snapshot(reader, hours).counts.sum { it[2] } == hourCounts.counts.sum { it[2] } + 1

    and: 'a further round rebuilds nothing'
    RollupSpec.compactor(ds, now.plusSeconds(900)).compact().buckets() == 0

    where:
    db << ['h2', 'postgres']
  }
}

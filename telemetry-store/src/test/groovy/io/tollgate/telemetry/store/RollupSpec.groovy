package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.testsupport.PostgresFixture
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import javax.sql.DataSource
import spock.lang.Specification

class RollupSpec extends Specification {
  static final Instant D0 = Instant.parse('2026-11-01T00:00:00Z')
  static final long M0 = D0.epochSecond
  static final SeriesKey CANARY = new SeriesKey('checkout', '2.0.0', 'prod', 'canary')
  static final SeriesKey BASELINE = new SeriesKey('checkout', '1.9.0', 'prod', 'baseline')

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

  static Compactor compactor(DataSource ds, Instant now, String holder = 'replica-a') {
    new Compactor(ds, Clock.fixed(now, ZoneOffset.UTC),
        new Compactor.Settings(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofMinutes(5), holder))
  }

  /** 30 hours of spans, every 7th minute, on two partitions, two series and two operations. */
  static void fill(StoreDatabases w) {
    for (int p = 0; p < 2; p++) {
      def spans = []
      for (int m = p; m < 30 * 60; m += 7) {
        long minute = M0 + m * 60L
        spans << [CANARY, 'GET /cart', minute, (m % 50) + 1, m % 11 == 0]
        spans << [BASELINE, 'POST /pay', minute, (m % 300) + 0.5, m % 13 == 0]
        spans << [BASELINE, 'POST /pay', minute, 42, false]
      }
      w.spans(p, spans)
    }
  }

  static Map snapshot(AggregateReader reader, SpanQuery q) {
    [counts: reader.operationCounts(q).collect { [it.series(), it.operation(), it.requests(), it.errors()] },
     stats : reader.operations(q).collect {
       [it.series(), it.operation(), it.requests(), it.errors(), it.latencyMs().count,
        it.latencyMs().getValueAtQuantile(0.5), it.latencyMs().getValueAtQuantile(0.99), it.latencyMs().maxValue]
     }]
  }

  static long count(DataSource ds, String table) {
    ds.connection.withCloseable { c -> c.createStatement().executeQuery("SELECT COUNT(*) FROM $table").with { it.next(); it.getLong(1) } }
  }

  void "#db: a window read from day and hour rollups equals the merge of its minutes, for counts and sketches"() {
    given:
    def ds = database(db)
    def w = new StoreDatabases(ds)
    fill(w)
    def reader = new AggregateReader(ds)
    def whole = SpanQuery.of('checkout', D0, D0.plus(Duration.ofHours(30)))
    def ragged = SpanQuery.of('checkout', D0.plusSeconds(600), D0.plus(Duration.ofHours(30)).minusSeconds(300))
    def canaryOnly = whole.withTrack('canary').withVersion('2.0.0').withEnvironment('prod')
    def fromMinutes = [whole, ragged, canaryOnly].collect { snapshot(reader, it) }

    when:
    def round = compactor(ds, D0.plus(Duration.ofHours(49))).compact()

    then:
    round.leaseHeld()
    round.spanHours() == 30
    round.spanDays() == 2
    count(ds, 'ingest_span_day') == 2 * 2 // two series-operation pairs, two days
    [whole, ragged, canaryOnly].collect { snapshot(reader, it) } == fromMinutes
    fromMinutes[0].counts.sum { it[2] } == 3 * (30 * 60 / 7 as int + 1) * 2 - 3

    when: "the minutes are gone (as retention removes them), whole hours and days still read the same"
    ds.connection.withCloseable { it.createStatement().execute('DELETE FROM ingest_span_minute') }

    then:
    snapshot(reader, whole) == fromMinutes[0]
    snapshot(reader, canaryOnly) == fromMinutes[2]

    and: "a second round finds nothing to do"
    compactor(ds, D0.plus(Duration.ofHours(50))).compact().buckets() == 0

    where:
    db << ['h2', 'postgres']
  }

  void "#db: late minutes rebuild their hour and day"() {
    given:
    def ds = database(db)
    def w = new StoreDatabases(ds)
    fill(w)
    def reader = new AggregateReader(ds)
    def q = SpanQuery.of('checkout', D0, D0.plus(Duration.ofDays(1)))
    compactor(ds, D0.plus(Duration.ofHours(49))).compact()
    long before = reader.operationCounts(q).sum { it.requests() }

    when: "a request of 03:30 arrives a day late"
    w.spans(0, [[CANARY, 'GET /cart', M0 + 210 * 60, 5000d, true]])

    then: "the day rollup does not have it yet"
    reader.operationCounts(q).sum { it.requests() } == before

    when:
    def round = compactor(ds, D0.plus(Duration.ofHours(50))).compact()

    then:
    round.spanHours() == 1
    round.spanDays() == 1
    reader.operationCounts(q).sum { it.requests() } == before + 1
    reader.operations(q.withTrack('canary')).first().latencyMs().maxValue > 4900

    where:
    db << ['h2', 'postgres']
  }

  void "#db: metric rollups keep the minutes' samples and sums"() {
    given:
    def ds = database(db)
    def w = new StoreDatabases(ds)
    w.metrics(0, 'queue.depth', (0..<180).collect { [CANARY, '{queue="a"}', M0 + it * 60L, it as double] })
    w.metrics(1, 'queue.depth', (0..<180).collect { [CANARY, '{queue="a"}', M0 + it * 60L, 1d] })

    when:
    def round = compactor(ds, D0.plus(Duration.ofHours(49))).compact()

    then:
    round.metricHours() == 3
    round.metricDays() == 1
    def sums = ['ingest_metric_minute', 'ingest_metric_hour', 'ingest_metric_day'].collect { t ->
      ds.connection.withCloseable { c ->
        c.createStatement().executeQuery("SELECT SUM(samples), SUM(sum_total) FROM $t").with { it.next(); [it.getLong(1), it.getDouble(2)] }
      }
    }
    sums == [[360L, 16110d + 180d]] * 3

    where:
    db << ['h2', 'postgres']
  }

  void "#db: one replica compacts at a time, and a replica that lost the lease writes nothing"() {
    given:
    def ds = database(db)
    fill(new StoreDatabases(ds))
    def now = D0.plus(Duration.ofHours(49))
    def stalled = new MaintenanceLease(Compactor.LEASE, 'replica-a')
    def c = ds.connection
    long tokenA = stalled.acquire(c, now, now.plus(Duration.ofMinutes(5))).asLong

    expect: "while replica a holds the lease, b's round does nothing"
    !compactor(ds, now.plusSeconds(60), 'replica-b').compact().leaseHeld()
    count(ds, 'ingest_span_hour') == 0

    when: "a stalls past its expiry and b takes over"
    def round = compactor(ds, now.plus(Duration.ofMinutes(6)), 'replica-b').compact()

    then:
    round.leaseHeld()
    round.spanHours() == 30
    !stalled.fence(c, tokenA, now.plus(Duration.ofMinutes(20)))

    when: "a's next round takes the lease anew, with a newer token"
    def again = compactor(ds, now.plus(Duration.ofMinutes(7)), 'replica-a').compact()

    then:
    again.leaseHeld()
    again.buckets() == 0

    cleanup:
    c?.close()

    where:
    db << ['h2', 'postgres']
  }
}

package io.tollgate.telemetry.retention

import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.aggregate.TestId
import io.tollgate.telemetry.store.TelemetryDatabases
import io.tollgate.telemetry.store.TelemetryDatabases.Writer
import io.tollgate.testsupport.PostgresFixture
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicBoolean
import javax.sql.DataSource
import spock.lang.Specification

class TelemetryRetentionSpec extends Specification {
  static final Instant NOW = Instant.parse('2026-11-30T12:00:00Z')
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC)
  static final RetentionAges AGES = new RetentionAges(Duration.ofDays(15), Duration.ofDays(400), Duration.ofDays(90))

  PostgresFixture pg

  DataSource dataSource(String db) {
    if (db == 'h2') {
      return TelemetryDatabases.h2()
    }
    pg = PostgresFixture.start()
    TelemetryDatabases.postgres(pg)
  }

  void cleanup() {
    pg?.close()
  }

  static long count(DataSource ds, String sql) {
    TelemetryDatabases.count(ds, sql)
  }

  void "#db: a pass deletes exactly the rows older than each table's retention, in batches"() {
    given: 'spans and failures 20 days old (past the 15 days of minutes), 1 day old, and a signature last seen 100 days ago'
    def ds = dataSource(db)
    def w = new Writer(ds, 0)
    def old = new FailureSignature('checkout', 'SERVER', 'POST /pay', 'Timeout', '', 1)
    def recent = new FailureSignature('checkout', 'SERVER', 'POST /pay', 'HTTP 500', '', 1)
    w.commit { b ->
      (0..<23).each { i -> Writer.span(b, 'checkout', '1.0', 'baseline', "op$i", NOW - Duration.ofDays(20) + Duration.ofMinutes(i), true, w.guard) }
      (0..<5).each { i -> Writer.span(b, 'checkout', '1.0', 'baseline', "op$i", NOW - Duration.ofDays(1) + Duration.ofMinutes(i), false, w.guard) }
      Writer.failure(b, old, 'baseline', NOW - Duration.ofDays(100))
      (0..<11).each { i -> Writer.failure(b, recent, 'baseline', NOW - Duration.ofDays(20) + Duration.ofMinutes(i)) }
      (0..<3).each { i -> Writer.failure(b, recent, 'canary', NOW - Duration.ofHours(1) + Duration.ofMinutes(i)) }
      def series = new SeriesKey('checkout', '1.0', 'prod', 'canary')
      def test = new TestId('run-1', 'PayIT.pays')
      (0..<4).each { i -> b.testTraffic().recordSpan(series, test, 'POST /pay', (NOW - Duration.ofDays(20) + Duration.ofMinutes(i)).epochSecond.intdiv(60) * 60, 3d, true, w.guard) }
      (0..<2).each { i -> b.testTraffic().recordSpan(series, test, 'POST /pay', (NOW - Duration.ofDays(1) + Duration.ofMinutes(i)).epochSecond.intdiv(60) * 60, 3d, false, w.guard) }
      b.testTraffic().recordFailure(recent, series, test, (NOW - Duration.ofDays(20)).epochSecond * 1_000_000_000L, '', w.guard)
      b.testTraffic().recordFailure(recent, series, test, (NOW - Duration.ofHours(2)).epochSecond * 1_000_000_000L, '', w.guard)
    }

    when: 'the pass deletes 7 rows per transaction'
    def deleted = new TelemetryRetention(ds, 7, CLOCK).run(AGES)

    then: 'the counts are the rows that were old, per table (the rollup tables hold none here)'
    deleted == [ingest_span_minute: 23L, ingest_metric_minute: 0L, ingest_signature_minute: 12L, ingest_flag_minute: 0L, ingest_flag_signature_minute: 0L, ingest_signature: 1L, ingest_env_fact: 0L,
                ingest_test_span_minute: 4L, ingest_test_signature_minute: 1L, ingest_span_hour: 0L, ingest_span_day: 0L, ingest_metric_hour: 0L, ingest_metric_day: 0L]

    and: 'what is within retention is all still there'
    count(ds, 'SELECT COUNT(*) FROM ingest_span_minute') == 5
    count(ds, "SELECT COUNT(*) FROM ingest_span_minute WHERE minute_start < TIMESTAMP WITH TIME ZONE '2026-11-15 12:00:00+00'") == 0
    count(ds, 'SELECT COUNT(*) FROM ingest_signature_minute') == 3
    count(ds, "SELECT COUNT(*) FROM ingest_signature WHERE signature_id = '${recent.id()}'") == 1
    count(ds, 'SELECT COUNT(*) FROM ingest_signature') == 1
    count(ds, 'SELECT COUNT(*) FROM ingest_test_span_minute') == 2
    count(ds, 'SELECT COUNT(*) FROM ingest_test_signature_minute') == 1

    when: 'a second pass finds nothing more'
    def again = new TelemetryRetention(ds, 7, CLOCK).run(AGES)

    then:
    again.values().every { it == 0L }

    where:
    db << ['h2', 'postgres']
  }

  void "#db: rollup tables are found at run time and pruned by their own time column"() {
    given: 'hourly and daily rollups (the rollup migration\'s tables), 500 and 10 days old'
    def ds = dataSource(db)
    ds.connection.withCloseable { c ->
      def hour = c.prepareStatement('INSERT INTO ingest_span_hour (service, service_version, environment, track,' +
          ' operation, hour_start, requests, errors, latency_sketch) VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?)')
      ['2025-07-01T00:00:00Z', '2025-07-01T01:00:00Z', '2026-11-20T00:00:00Z'].each { t ->
        hour.setString(1, 'a'); hour.setString(2, '1.0'); hour.setString(3, 'prod'); hour.setString(4, 'baseline')
        hour.setString(5, 'GET /'); hour.setObject(6, java.time.OffsetDateTime.parse(t)); hour.setBytes(7, new byte[0])
        hour.executeUpdate()
      }
      def day = c.prepareStatement('INSERT INTO ingest_metric_day (metric_name, service, service_version, environment,' +
          ' track, attributes_hash, attributes, day_start, metric_kind, cumulative, samples, sum_total, last_time_nanos)' +
          " VALUES ('m', 'a', '1.0', 'prod', 'baseline', 'h', '', ?, 'gauge', FALSE, 1, 1, 0)")
      ['2025-07-01T00:00:00Z', '2026-11-20T00:00:00Z'].each { t ->
        day.setObject(1, java.time.OffsetDateTime.parse(t))
        day.executeUpdate()
      }
    }

    when:
    def deleted = new TelemetryRetention(ds, 1, CLOCK).run(AGES)

    then: 'rows past the rollup retention go, each table by its own time column'
    deleted.ingest_span_hour == 2L
    deleted.ingest_metric_day == 1L
    deleted.ingest_span_day == 0L
    deleted.ingest_metric_hour == 0L
    count(ds, 'SELECT COUNT(*) FROM ingest_span_hour') == 1
    count(ds, 'SELECT COUNT(*) FROM ingest_metric_day') == 1

    where:
    db << ['h2', 'postgres']
  }

  void "#db: a pass runs while ingest commits, deletes every old row and loses none of the new"() {
    given: '6,000 span minutes 20 days old'
    def ds = dataSource(db)
    def loader = new Writer(ds, 0)
    (0..<6).each { chunk ->
      loader.commit { b ->
        (0..<1000).each { i -> Writer.span(b, "svc${i % 20}", '1.0', 'baseline', "op${i.intdiv(20)}", NOW - Duration.ofDays(20) + Duration.ofMinutes(chunk), false, loader.guard) }
      }
    }

    and: 'an ingest writer on another partition committing batches of 50 recent minutes, continuously'
    def writer = new Writer(ds, 1)
    def stop = new AtomicBoolean()
    def errors = new ConcurrentLinkedQueue<Throwable>()
    int batches = 0
    def thread = Thread.start {
      try {
        while (!stop.get() || batches < 5) {
          int n = batches
          writer.commit { b ->
            (0..<50).each { i -> Writer.span(b, 'live', '2.0', 'baseline', "op$i", NOW - Duration.ofMinutes(n), false, writer.guard) }
          }
          batches++
        }
      } catch (Throwable t) {
        errors << t
      }
    }

    when: 'retention deletes in batches of 250 meanwhile'
    def deleted = new TelemetryRetention(ds, 250, CLOCK).run(AGES)
    stop.set(true)
    thread.join(60_000)

    then: 'the writer never failed, every old row is gone and every row it wrote is there'
    errors.isEmpty()
    deleted.ingest_span_minute == 6000L
    count(ds, "SELECT COUNT(*) FROM ingest_span_minute WHERE service <> 'live'") == 0
    count(ds, "SELECT COUNT(*) FROM ingest_span_minute WHERE service = 'live'") == 50L * batches

    where:
    db << ['h2', 'postgres']
  }

  void "a retention of zero or less is refused"() {
    when:
    new RetentionAges(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(1))

    then:
    def e = thrown(IllegalArgumentException)
    e.message.contains('minutes')
  }
}

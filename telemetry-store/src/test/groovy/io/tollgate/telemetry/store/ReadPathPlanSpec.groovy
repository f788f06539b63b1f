package io.tollgate.telemetry.store

import io.tollgate.testsupport.PostgresFixture
import java.time.Duration
import java.time.Instant
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** The window reads use the indexes made for them on PostgreSQL, checked with EXPLAIN. */
class ReadPathPlanSpec extends Specification {
  static final Instant D0 = Instant.parse('2026-11-01T00:00:00Z')

  @Shared @AutoCleanup PostgresFixture pg
  @Shared javax.sql.DataSource ds

  void setupSpec() {
    pg = PostgresFixture.start()
    ds = StoreDatabases.postgres(pg)
    ds.connection.withCloseable { c ->
      def st = c.createStatement()
      // 40 services x 5 operations: 2 days of minutes, 30 days of hours and days
      st.execute("""INSERT INTO ingest_span_minute (topic, kafka_partition, batch_offset, service, service_version,
          environment, track, operation, minute_start, requests, errors, latency_sketch)
        SELECT 'otlp_spans', 0, -1, 'svc-' || s, '1.0', 'prod', 'canary', 'op-' || o,
          TIMESTAMPTZ '2026-11-29 00:00:00+00' + m * INTERVAL '1 minute', 10, 1, '\\x00'::bytea
        FROM generate_series(1, 40) s, generate_series(1, 5) o, generate_series(0, 2879) m""")
      st.execute("""INSERT INTO ingest_span_hour (service, service_version, environment, track, operation,
          hour_start, requests, errors, latency_sketch)
        SELECT 'svc-' || s, '1.0', 'prod', 'canary', 'op-' || o,
          TIMESTAMPTZ '2026-11-01 00:00:00+00' + h * INTERVAL '1 hour', 600, 60, '\\x00'::bytea
        FROM generate_series(1, 40) s, generate_series(1, 5) o, generate_series(0, 719) h""")
      st.execute("""INSERT INTO ingest_span_day (service, service_version, environment, track, operation,
          day_start, requests, errors, latency_sketch)
        SELECT 'svc-' || s, '1.0', 'prod', 'canary', 'op-' || o,
          TIMESTAMPTZ '2026-11-01 00:00:00+00' + d * INTERVAL '1 day', 14400, 1440, '\\x00'::bytea
        FROM generate_series(1, 40) s, generate_series(1, 5) o, generate_series(0, 29) d""")
      st.execute('ANALYZE')
    }
  }

  String plan(Resolution r, Instant from, Instant to, String track = null) {
    def q = SpanQuery.of('svc-7', from, to).withTrack(track)
    def b = AggregateReader.countsSql(q, new WindowPlan.Segment(r, from, to))
    ds.connection.withCloseable { c ->
      def ps = c.prepareStatement('EXPLAIN ' + b.sql())
      b.where().bind(ps)
      ps.executeQuery().with { rs -> def lines = []; while (rs.next()) { lines << rs.getString(1) }; lines.join('\n') }
    }
  }

  void "the #resolution part of a window reads #index"() {
    when:
    def text = plan(resolution, from, to, track)

    then:
    assert text.contains(index), text
    !text.contains('Seq Scan')
    !text.contains('_time_brin')

    where:
    resolution        | from                               | to                                 | track    || index
    // the service index, never retention's time index (a BRIN since V7: with a B-tree on time alone
    // PostgreSQL read an hour of every service and filtered, 15 times slower) and no table scan
    Resolution.MINUTE | D0.plus(Duration.ofHours(28 * 24)) | D0.plus(Duration.ofHours(28 * 24 + 1)) | null     || 'ingest_span_minute_by_service'
    Resolution.MINUTE | D0.plus(Duration.ofHours(28 * 24)) | D0.plus(Duration.ofHours(28 * 24 + 1)) | 'canary' || 'ingest_span_minute_by_service'
    Resolution.HOUR   | D0.plus(Duration.ofHours(5))       | D0.plus(Duration.ofHours(23))      | null     || 'ingest_span_hour_by_service'
    Resolution.DAY    | D0                                 | D0.plus(Duration.ofDays(30))       | null     || 'ingest_span_day_by_service'
  }
}

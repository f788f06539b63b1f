package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.aggregate.TestId
import io.tollgate.telemetry.store.TelemetryDatabases.Writer
import io.tollgate.testsupport.PostgresFixture
import java.time.Instant
import javax.sql.DataSource
import spock.lang.Specification

/**
 * The services with test traffic committed after a reader's marks, found by batch offset per
 * partition like failure signatures: what a scenario catalog folds in between reads.
 */
class TestTrafficChangesSpec extends Specification {
  static final long MINUTE = Instant.parse('2026-11-30T12:00:00Z').epochSecond

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

  static void testSpan(Writer w, String service, String run) {
    w.commit { b ->
      b.testTraffic().recordSpan(new SeriesKey(service, '1.0', 'prod', 'stable'), new TestId(run, 'CartIT.adds'),
          'GET /cart', MINUTE, 10d, false, w.guard)
    }
  }

  void "#db: only the services with test spans after the marks, and marks that move past them"() {
    given:
    def ds = dataSource(db)
    def p0 = new Writer(ds, 0)
    def p1 = new Writer(ds, 1)
    def reader = new TestTrafficReader(ds)
    testSpan(p0, 'cart', 'run-1')
    testSpan(p1, 'payments', 'run-1')

    when: 'a reader without marks sees everything stored'
    def first = reader.changes([:], 10)

    then:
    first.services() == ['cart', 'payments'] as Set
    first.complete()
    first.watermarks() == reader.watermarks()

    when: 'production traffic alone is committed: no test traffic changed'
    p0.commit { b -> Writer.span(b, 'cart', '1.0', 'stable', 'GET /cart', Instant.ofEpochSecond(MINUTE), false, p0.guard) }
    def none = reader.changes(first.watermarks(), 10)

    then:
    none.services().isEmpty()
    none.watermarks() == first.watermarks()

    when: 'one more test batch on partition 1'
    testSpan(p1, 'search', 'run-2')
    def next = reader.changes(first.watermarks(), 10)

    then:
    next.services() == ['search'] as Set
    next.watermarks()['otlp_spans/0'] == first.watermarks()['otlp_spans/0']
    next.watermarks()['otlp_spans/1'] > first.watermarks()['otlp_spans/1']

    when: 'more services than the caller takes'
    def cut = reader.changes([:], 2)

    then:
    !cut.complete()
    cut.services().size() == 2

    where:
    db << ['h2', 'postgres']
  }
}

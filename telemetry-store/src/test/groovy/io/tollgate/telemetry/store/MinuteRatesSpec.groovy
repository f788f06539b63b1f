package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.testsupport.PostgresFixture
import java.time.Instant
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * Per-operation minute rates merge the rows of every partition and series of a minute before
 * counting it, on H2 and on PostgreSQL.
 */
class MinuteRatesSpec extends Specification {
  // 2026-11-01 10:00 UTC
  static final long T = Instant.parse('2026-11-01T10:00:00Z').epochSecond

  @Shared @AutoCleanup PostgresFixture pg

  void setupSpec() {
    pg = PostgresFixture.start()
  }

  static List<List> spans(SeriesKey s, String op, long minute, int n, int errors = 0) {
    (0..<n).collect { [s, op, minute, 10d, it < errors] }
  }

  void "minutes are summed over partitions and series, then counted per request count and hour (#db)"() {
    given:
    def store = new StoreDatabases(db == 'postgres' ? StoreDatabases.postgres(pg) : StoreDatabases.h2())
    def v1 = new SeriesKey('shop', '1.0', 'production', '')
    def v2 = new SeriesKey('shop', '1.1', 'production', 'canary')
    def staging = new SeriesKey('shop', '1.1', 'staging', '')
    // minute 0: 3 + 2 over two partitions and versions = 5; minute 1: 5; minute 60 (11:00): 9
    store.spans(0, spans(v1, 'GET /a', T, 3, 1) + spans(v1, 'GET /a', T + 60, 5) + spans(v1, 'GET /a', T + 3600, 9))
    store.spans(1, spans(v2, 'GET /a', T, 2) + spans(v2, 'POST /b', T + 120, 4, 2) + spans(staging, 'GET /a', T, 50))

    when:
    def rates = new AggregateReader(store.ds).minuteRates(
        SpanQuery.of('shop', Instant.ofEpochSecond(T), Instant.ofEpochSecond(T + 7200)).withEnvironment('production'))

    then:
    rates*.operation() == ['GET /a', 'POST /b']
    rates[0].minutesByRequests() == [5L: 2L, 9L: 1L]
    rates[0].requests() == 19
    rates[0].errors() == 1
    rates[0].requestsByHourOfDay()[10] == 10
    rates[0].requestsByHourOfDay()[11] == 9
    rates[0].requestsByHourOfDay().sum() == 19
    rates[0].firstMinute() == Instant.ofEpochSecond(T)
    rates[1].minutesByRequests() == [4L: 1L]
    rates[1].errors() == 2
    rates[1].firstMinute() == Instant.ofEpochSecond(T + 120)
    rates[1].busyMinutes() == 1

    where:
    db << ['h2', 'postgres']
  }
}

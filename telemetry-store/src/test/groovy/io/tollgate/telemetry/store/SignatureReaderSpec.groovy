package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.store.TelemetryDatabases.Writer
import io.tollgate.testsupport.PostgresFixture
import java.time.Duration
import java.time.Instant
import javax.sql.DataSource
import spock.lang.Specification

class SignatureReaderSpec extends Specification {
  static final Instant NOW = Instant.parse('2026-11-30T12:00:00Z')

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

  void "#db: a signature was introduced in the earliest version that emitted it, per side"() {
    given:
    def ds = dataSource(db)
    def w = new Writer(ds, 0)
    def sig = new FailureSignature('checkout', 'SERVER', 'POST /pay', 'Timeout', '', 1)
    def other = new FailureSignature('checkout', 'SERVER', 'GET /cart', 'Timeout', '', 1)
    w.commit { b ->
      // 0.8 failed POST /pay 6h ago, but not with this signature: it does not count
      Writer.span(b, 'checkout', '0.8', 'baseline', 'POST /pay', NOW - Duration.ofHours(6), true, w.guard)
      // 0.9 failed another operation 5h ago
      Writer.span(b, 'checkout', '0.9', 'baseline', 'GET /cart', NOW - Duration.ofHours(5), true, w.guard)
      Writer.failure(b, other, 'baseline', NOW - Duration.ofHours(5), '0.9')
      // 1.0 fails with the signature 3h ago on the baseline, 1.1 on the canary 1h ago, 1.0 again later
      Writer.span(b, 'checkout', '1.0', 'baseline', 'POST /pay', NOW - Duration.ofHours(3), true, w.guard)
      Writer.failure(b, sig, 'baseline', NOW - Duration.ofHours(3), '1.0')
      Writer.span(b, 'checkout', '1.1', 'canary', 'POST /pay', NOW - Duration.ofHours(1), true, w.guard)
      Writer.failure(b, sig, 'canary', NOW - Duration.ofHours(1), '1.1')
      Writer.span(b, 'checkout', '1.0', 'canary', 'POST /pay', NOW - Duration.ofMinutes(30), true, w.guard)
      Writer.failure(b, sig, 'canary', NOW - Duration.ofMinutes(30), '1.0')
    }

    when:
    def first = new SignatureReader(ds).firstVersions([sig.id(), other.id(), 'f' * 32])

    then:
    first[sig.id()] == new FirstVersions(sig.id(), '1.1', '1.0')
    first[other.id()] == new FirstVersions(other.id(), null, '0.9')
    !first.containsKey('f' * 32)

    where:
    db << ['h2', 'postgres']
  }

  void "#db: a failure only 1.6.0 emits is not blamed on 1.5.0, which fails otherwise in the same minutes"() {
    given: 'the demo: two canaries of one operation; 1.5.0 times out now and then, 1.6.0 runs out of connections often'
    def ds = dataSource(db)
    def w = new Writer(ds, 0)
    def timeout = new FailureSignature('checkout', 'SERVER', 'POST /checkout', 'java.net.SocketTimeoutException', '', 1)
    def pool = new FailureSignature('checkout', 'SERVER', 'POST /checkout', 'java.sql.SQLTransientConnectionException', '', 1)
    w.commit { b ->
      (1..3).each { m ->
        def at = NOW - Duration.ofMinutes(m)
        Writer.span(b, 'checkout', '1.5.0', 'canary', 'POST /checkout', at, true, w.guard)
        Writer.failure(b, timeout, 'canary', at, '1.5.0')
        4.times {
          Writer.span(b, 'checkout', '1.6.0', 'canary', 'POST /checkout', at, true, w.guard)
          Writer.failure(b, pool, 'canary', at, '1.6.0')
        }
      }
    }
    def reader = new SignatureReader(ds)

    when:
    def first = reader.firstVersions([timeout.id(), pool.id()])

    then:
    first[pool.id()].canary() == '1.6.0'
    first[timeout.id()].canary() == '1.5.0'
    reader.emittedBy('checkout', '1.6.0', 'canary', NOW - Duration.ofHours(1), NOW) == [pool.id()] as Set
    reader.emittedBy('checkout', '1.5.0', 'canary', NOW - Duration.ofHours(1), NOW) == [timeout.id()] as Set
    reader.emittedBy('checkout', '1.6.0', 'canary', NOW - Duration.ofHours(2), NOW - Duration.ofHours(1)).isEmpty()
    reader.emittedBy('checkout', '1.6.0', 'baseline', NOW - Duration.ofHours(1), NOW).isEmpty()

    where:
    db << ['h2', 'postgres']
  }

  void "#db: minutes of 1,200 signatures come back in full, read in chunks"() {
    given:
    def ds = dataSource(db)
    def w = new Writer(ds, 0)
    def sigs = (0..<1200).collect { new FailureSignature('checkout', 'SERVER', "op$it", 'Timeout', '', 1) }
    w.commit { b ->
      sigs.eachWithIndex { s, i -> Writer.failure(b, s, i % 2 ? 'canary' : 'baseline', NOW - Duration.ofMinutes(i % 60)) }
      Writer.failure(b, sigs[0], 'baseline', NOW - Duration.ofDays(3))
    }
    def reader = new SignatureReader(ds)

    when:
    def minutes = reader.minutes(sigs*.id(), NOW - Duration.ofDays(1), NOW + Duration.ofMinutes(1))

    then: 'one row per signature in the window, none from before it, in time order'
    minutes.size() == 1200
    minutes*.signatureId() as Set == sigs*.id() as Set
    minutes.every { it.failures() == 1 }
    minutes*.minute() == minutes*.minute().sort(false)
    minutes.find { it.signatureId() == sigs[1].id() }.track() == 'canary'

    and:
    reader.services(NOW - Duration.ofDays(1)) == ['checkout']
    reader.services(NOW + Duration.ofMinutes(5)) == []

    where:
    db << ['h2', 'postgres']
  }
}

package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.store.TelemetryDatabases.Writer
import io.tollgate.testsupport.PostgresFixture
import java.time.Duration
import java.time.Instant
import javax.sql.DataSource
import spock.lang.Specification

/**
 * A topic created anew (single-node mode's broker keeps no log across restarts) numbers its
 * batches from 0 again: forgetting its offsets keeps the aggregates, lets the new batches of the
 * same keys and minutes commit, and starts the scenario catalog's change feed on the new log.
 */
class ForgetOffsetsSpec extends Specification {
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

  void "#db: after the offsets are forgotten, a new log's batch 0 of the same minute commits and counts add up"() {
    given: 'a first log: batch 0 with 2 requests and a failure in one minute'
    def ds = dataSource(db)
    def sig = new FailureSignature('checkout', 'SERVER', 'GET /a', 'Timeout', '', 1)
    def minute = NOW - Duration.ofMinutes(3)
    def first = new Writer(ds, 0)
    first.commit { b ->
      2.times { Writer.span(b, 'checkout', '1.0', 'canary', 'GET /a', minute, true, first.guard) }
      Writer.failure(b, sig, 'canary', minute)
    }
    def reader = new SignatureReader(ds)
    def marks = reader.watermarks()

    when: 'the topic starts anew and its batch 0 holds the same key and minute'
    new AggregateStore(ds).forgetOffsets('otlp_spans')
    def second = new Writer(ds, 0)
    second.commit { b ->
      3.times { Writer.span(b, 'checkout', '1.0', 'canary', 'GET /a', minute, true, second.guard) }
      Writer.failure(b, sig, 'canary', minute)
    }
    def counts = new AggregateReader(ds).minuteCounts(SpanQuery.of('checkout', NOW - Duration.ofHours(1), NOW))

    then: 'both logs count'
    counts*.requests() == [5L]
    counts*.errors() == [5L]
    reader.minutes([sig.id()], NOW - Duration.ofHours(1), NOW)*.failures() == [2L]

    and: 'a reader that had followed the old log reads the new one from its start'
    marks == ['otlp_spans/0': 0L]
    def changes = reader.changes(marks, 1000)
    changes.signatureIds() == [sig.id()] as Set
    changes.watermarks()['otlp_spans/0#1'] == 0L

    where:
    db << ['h2', 'postgres']
  }
}

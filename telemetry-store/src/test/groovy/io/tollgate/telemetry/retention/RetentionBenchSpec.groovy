package io.tollgate.telemetry.retention

import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.store.TelemetryDatabases
import io.tollgate.telemetry.store.TelemetryDatabases.Writer
import io.tollgate.testsupport.PostgresFixture
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicBoolean
import spock.lang.IgnoreIf
import spock.lang.Specification

/**
 * The retention measurement of docs/benchmarks.md: a pass deleting 72,000 old rows while an
 * ingest writer commits batches of 200 recent minutes. Run with -Dtollgate.bench.retention=true.
 */
// A benchmark, not a check: it times a 72,000-row pass for docs/benchmarks.md and would only add
// minutes to every build. Correctness of retention is covered by TelemetryRetentionSpec, which runs always.
@IgnoreIf(value = { !Boolean.getBoolean('tollgate.bench.retention') },
    reason = 'benchmark for docs/benchmarks.md; run with -Dtollgate.bench.retention=true (TelemetryRetentionSpec checks retention in every build)')
class RetentionBenchSpec extends Specification {
  static final Instant NOW = Instant.parse('2026-11-30T12:00:00Z')
  static final RetentionAges AGES = new RetentionAges(Duration.ofDays(15), Duration.ofDays(400), Duration.ofDays(90))

  PostgresFixture pg

  void cleanup() {
    pg?.close()
  }

  static double p(List<Long> nanos, double q) {
    if (nanos.isEmpty()) return 0
    def s = nanos.sort(false)
    s[Math.min(s.size() - 1, (int) Math.ceil(q * s.size()) - 1)] / 1e6
  }

  void "#db: retention of 72,000 old rows while ingest commits"() {
    given: '60,000 span minutes and 12,000 signature minutes 20 days old'
    def ds = db == 'h2' ? TelemetryDatabases.h2() : TelemetryDatabases.postgres(pg = PostgresFixture.start())
    def loader = new Writer(ds, 0)
    def sigs = (0..<200).collect { new FailureSignature("svc${it % 20}", 'SERVER', "op$it", 'Timeout', '', 1) }
    long loadStart = System.nanoTime()
    (0..<60).each { m ->
      loader.commit { b ->
        def minute = NOW - Duration.ofDays(20) + Duration.ofMinutes(m)
        (0..<1000).each { i -> Writer.span(b, "svc${i % 20}", '1.0', 'baseline', "op${i.intdiv(20)}", minute, i % 7 == 0, loader.guard) }
        sigs.each { Writer.failure(b, it, 'baseline', minute) }
      }
    }
    double loadS = (System.nanoTime() - loadStart) / 1e9

    and: 'an ingest writer on another partition: batches of 200 recent minutes, back to back'
    def writer = new Writer(ds, 1)
    def latencies = new ConcurrentLinkedQueue<long[]>() // [start, duration]
    def stop = new AtomicBoolean()
    int n = 0
    def thread = Thread.start {
      while (!stop.get()) {
        int k = n++
        long t0 = System.nanoTime()
        writer.commit { b ->
          (0..<200).each { i -> Writer.span(b, 'live', '2.0', 'baseline', "op$i", NOW - Duration.ofMinutes(k % 600), false, writer.guard) }
        }
        latencies << ([t0, System.nanoTime() - t0] as long[])
      }
    }
    Thread.sleep(3000) // baseline commits without a pass

    when:
    long passStart = System.nanoTime()
    def deleted = new TelemetryRetention(ds, 5000, Clock.fixed(NOW, ZoneOffset.UTC)).run(AGES)
    long passEnd = System.nanoTime()
    Thread.sleep(1000)
    stop.set(true)
    thread.join()

    then:
    deleted.ingest_span_minute == 60_000L
    deleted.ingest_signature_minute == 12_000L

    cleanup:
    def before = latencies.findAll { it[0] + it[1] < passStart }.collect { it[1] }
    def during = latencies.findAll { it[0] < passEnd && it[0] + it[1] > passStart }.collect { it[1] }
    println String.format(Locale.ROOT,
        'retention-bench db=%s load_s=%.1f deleted=%d pass_s=%.2f commits_before=%d before_p50_ms=%.1f before_max_ms=%.1f commits_during=%d during_p50_ms=%.1f during_p99_ms=%.1f during_max_ms=%.1f',
        db, loadS, deleted.values().sum(), (passEnd - passStart) / 1e9, before.size(), p(before, 0.5), p(before, 1.0),
        during.size(), p(during, 0.5), p(during, 0.99), p(during, 1.0))

    where:
    db << ['h2', 'postgres']
  }
}

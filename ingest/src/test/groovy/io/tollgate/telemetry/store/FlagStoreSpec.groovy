package io.tollgate.telemetry.store

import io.tollgate.ingest.otlp.AttributeMapping
import io.tollgate.ingest.otlp.FlagMapping
import io.tollgate.ingest.otlp.TraceMapper
import io.tollgate.ingest.testing.Databases
import io.tollgate.ingest.testing.FlagTraffic
import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.retention.RetentionAges
import io.tollgate.telemetry.retention.TelemetryRetention
import io.tollgate.testsupport.PostgresFixture
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import javax.sql.DataSource
import spock.lang.Specification

class FlagStoreSpec extends Specification {
  static final long T0 = 1_700_000_040_000_000_000L
  static final Instant FROM = Instant.ofEpochSecond(1_700_000_040L)
  static final Instant TO = FROM.plusSeconds(3600)

  PostgresFixture pg

  DataSource dataSource(String db) {
    if (db == 'h2') {
      return Databases.h2()
    }
    pg = PostgresFixture.start()
    Databases.postgres(pg)
  }

  void cleanup() {
    pg?.close()
  }

  TraceMapper mapper = new TraceMapper(
      AttributeMapping.defaults().withFlags(new FlagMapping(['new-checkout'] as Set, 10)),
      new CardinalityGuard(1000, {}))

  /** Three minutes of traffic committed in batches on two partitions. */
  FlagTraffic commitTraffic(DataSource ds) {
    def traffic = new FlagTraffic('shop', '1.4.0', T0)
    def store = new AggregateStore(ds)
    Map<Integer, Long> offsets = [0: -1L, 1: -1L]
    int n = 0
    3.times { minute ->
      4.times { part ->
        int partition = n++ % 2
        def batch = new PartitionBatch('otlp_spans', partition, offsets[partition], Math.max(0, offsets[partition]))
        mapper.map(traffic.request(minute, 50, 'new-checkout', { i -> i % 5 == 0 ? 'on' : 'off' },
            { i -> i % 5 == 0 && i % 2 == 0 }), batch)
        batch.consumed(batch.nextOffset())
        store.commit([batch])
        offsets[partition] = batch.nextOffset()
      }
    }
    traffic
  }

  /** A fresh database of kind {@code db}, migrated, with {@link #commitTraffic}. */
  List committed(String db) {
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    [ds, commitTraffic(ds)]
  }

  void "#db: per-variant reads merge partitions and batches into exactly what was sent"() {
    given:
    def (DataSource ds, FlagTraffic traffic) = committed(db)
    def reader = new AggregateReader(ds)
    def spans = SpanQuery.of('shop', FROM, TO)

    expect: 'window totals per variant'
    def on = reader.operationCounts(FlagQuery.of(spans, 'new-checkout', 'on'))
    on.size() == 1
    [on[0].requests(), on[0].errors()] == traffic.total('new-checkout', 'on')
    on[0].operation() == 'POST /checkout'
    on[0].series().version() == '1.4.0'
    def off = reader.operationCounts(FlagQuery.of(spans, 'new-checkout', 'off'))
    [off[0].requests(), off[0].errors()] == traffic.total('new-checkout', 'off')

    and: 'minute by minute'
    reader.minuteCounts(FlagQuery.of(spans, 'new-checkout', 'on')).collect { [it.minute(), it.requests(), it.errors()] } ==
        (0..2).collect { m -> [FROM.plusSeconds(60 * m), traffic.expected["new-checkout/on/$m".toString()][0], traffic.expected["new-checkout/on/$m".toString()][1]] }

    and: 'with latency sketches holding every request'
    def minutes = reader.operationMinutes(FlagQuery.of(spans, 'new-checkout', 'on'))
    minutes.size() == 3
    minutes.sum { it.stats().latencyMs().count } == traffic.total('new-checkout', 'on')[0]

    and: 'the other filters apply in SQL'
    reader.minuteCounts(FlagQuery.of(spans.withVersion('1.3.0'), 'new-checkout', 'on')).isEmpty()
    reader.minuteCounts(FlagQuery.of(spans.withOperation('GET /other'), 'new-checkout', 'on')).isEmpty()
    reader.minuteCounts(FlagQuery.of(spans, 'new-checkout', 'blue')).isEmpty()
    reader.minuteCounts(FlagQuery.of(spans, 'other-flag', 'on')).isEmpty()

    and: 'failure signatures per variant: every failed span was served with "on"'
    def signatures = reader.variantSignatures('shop', 'new-checkout', FROM, TO)
    signatures.size() == 1
    signatures[0].signature().errorClass() == 'HTTP 500'
    signatures[0].failuresByTrack() == [on: traffic.total('new-checkout', 'on')[1]]
    reader.variantSignatures('shop', 'other-flag', FROM, TO).isEmpty()
    reader.variantSignatures('other-service', 'new-checkout', FROM, TO).isEmpty()

    and: 'the main series holds every span, flag or not'
    reader.operationCounts(spans)*.requests().sum() == traffic.requests

    where:
    db << ['postgres', 'h2']
  }

  void "#db: retention deletes flag minutes by time, and a topic started anew keeps them"() {
    given:
    def (DataSource ds, FlagTraffic traffic) = committed(db)
    def reader = new AggregateReader(ds)
    def on = FlagQuery.of(SpanQuery.of('shop', FROM, TO), 'new-checkout', 'on')

    when: 'the topic starts anew: old batch rows are renamed, not lost'
    new AggregateStore(ds).forgetOffsets('otlp_spans')

    then:
    reader.operationCounts(on)[0].requests() == traffic.total('new-checkout', 'on')[0]

    when: 'retention runs with a cutoff after the second minute'
    def clock = Clock.fixed(FROM.plusSeconds(120).plus(Duration.ofDays(1)), ZoneOffset.UTC)
    def deleted = new TelemetryRetention(ds, 7, clock).run(
        new RetentionAges(Duration.ofDays(1), Duration.ofDays(400), Duration.ofDays(90)))

    then: 'only the third minute is left'
    deleted['ingest_flag_minute'] > 0
    deleted['ingest_flag_signature_minute'] > 0
    reader.variantSignatures('shop', 'new-checkout', FROM, TO)[0].failures() == traffic.expected['new-checkout/on/2'][1]
    reader.minuteCounts(on)*.minute() == [FROM.plusSeconds(120)]

    where:
    db << ['postgres', 'h2']
  }

  static long rows(DataSource ds, String where) {
    ds.connection.withCloseable { c ->
      c.createStatement().executeQuery("SELECT COUNT(*) FROM ingest_flag_minute WHERE $where").with { it.next(); it.getLong(1) }
    }
  }

  void "#db: compaction folds settled flag minutes into one row per key, and reads stay the same"() {
    given:
    def (DataSource ds, FlagTraffic traffic) = committed(db)
    def reader = new AggregateReader(ds)
    def on = FlagQuery.of(SpanQuery.of('shop', FROM, TO), 'new-checkout', 'on')
    def before = reader.operationMinutes(on).collect { [it.minute(), it.stats().requests(), it.stats().errors(), it.stats().latencyMs().count] }
    assert rows(ds, 'batch_offset >= 0') == 3 * 2 * 2 * 2

    when: 'settled ten minutes later'
    def clock = Clock.fixed(FROM.plusSeconds(3 * 60 + 600), ZoneOffset.UTC)
    new Compactor(ds, clock, new Compactor.Settings(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofMinutes(5), 'a')).compact()

    then: 'one row per partition, variant and minute'
    rows(ds, 'batch_offset >= 0') == 0
    rows(ds, 'batch_offset = -1') == 3 * 2 * 2
    reader.operationMinutes(on).collect { [it.minute(), it.stats().requests(), it.stats().errors(), it.stats().latencyMs().count] } == before
    reader.operationCounts(on)[0].requests() == traffic.total('new-checkout', 'on')[0]

    and: 'per-variant failure counts too'
    ds.connection.withCloseable { c ->
      c.createStatement().executeQuery('SELECT COUNT(*), MAX(batch_offset) FROM ingest_flag_signature_minute').with { it.next(); [it.getLong(1), it.getLong(2)] }
    } == [3L * 2, -1L]
    reader.variantSignatures('shop', 'new-checkout', FROM, TO)[0].failures() == traffic.total('new-checkout', 'on')[1]

    where:
    db << ['postgres', 'h2']
  }
}

package io.tollgate.telemetry.store

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.trace.v1.Status
import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.ingest.otlp.AttributeMapping
import io.tollgate.ingest.otlp.TraceMapper
import io.tollgate.ingest.testing.Databases
import io.tollgate.ingest.testing.Workload
import io.tollgate.testsupport.PostgresFixture
import java.time.Instant
import javax.sql.DataSource
import org.flywaydb.core.Flyway
import spock.lang.Specification

class AggregateStoreSpec extends Specification {
  static final long T0 = 1_700_000_040_000_000_000L
  static final Instant FROM = Instant.ofEpochSecond(1_700_000_040L - 3600)
  static final Instant TO = Instant.ofEpochSecond(1_700_000_040L + 3600)

  PostgresFixture pg

  /** A fresh database per feature: PostgreSQL (real server) or the embedded H2. */
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

  TraceMapper mapper = new TraceMapper(AttributeMapping.defaults(), new CardinalityGuard(1000, {}))

  void "a read that the database holds past the query timeout is cancelled, not left hanging"() {
    given: 'a real PostgreSQL, and another session holding a lock every read must wait for'
    def ds = dataSource('postgres')
    IngestSchema.migrate(ds)
    def reader = new AggregateReader(ds, java.time.Duration.ofSeconds(1))
    def locker = ds.connection
    locker.autoCommit = false
    locker.createStatement().execute('LOCK TABLE ingest_span_minute IN ACCESS EXCLUSIVE MODE')

    when:
    long started = System.nanoTime()
    reader.operations(SpanQuery.of('checkout', FROM, TO))

    then: 'the driver cancels the statement after about a second (57014: query_canceled)'
    def e = thrown(java.sql.SQLException)
    e.SQLState == '57014'
    (System.nanoTime() - started) / 1e9 < 10

    cleanup:
    locker?.rollback()
    locker?.close()
  }

  void "a negative query timeout is refused"() {
    when:
    new AggregateReader(Databases.h2(), java.time.Duration.ofSeconds(-1))

    then:
    thrown(IllegalArgumentException)
  }

  void "#db: batches committed from two partitions merge on read into exactly what was sent"() {
    given:
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    def store = new AggregateStore(ds)
    def reader = new AggregateReader(ds)
    def workload = new Workload(42, T0, 3)
    List<ExportTraceServiceRequest> sent = (0..<40).collect { workload.next(50) }
    Map<Integer, Long> offsets = [0: -1L, 1: -1L]

    when: 'each partition commits several batches, so stored rows are merged with new ones'
    sent.collate(5).eachWithIndex { chunk, i ->
      int partition = i % 2
      def batch = new PartitionBatch('otlp_spans', partition, offsets[partition], offsets[partition] < 0 ? 0 : offsets[partition])
      chunk.each { mapper.map(it, batch); batch.consumed(batch.nextOffset()) }
      store.commit([batch])
      offsets[partition] = batch.nextOffset()
    }

    then: 'requests and errors per series and operation equal what the workload sent'
    def stored = [:]
    ['checkout', 'cart', 'payment'].each { service ->
      reader.operations(SpanQuery.of(service, FROM, TO)).each {
        stored["${service}|${it.series().track()}|${it.operation()}".toString()] = [it.requests(), it.errors()]
      }
    }
    stored == workload.expected().collectEntries { k, v -> [k, [v[0], v[1]]] }

    and: 'the latency sketch holds every request'
    reader.operations(SpanQuery.of('cart', FROM, TO)).sum { it.latencyMs().count } ==
        workload.expected().findAll { it.key.startsWith('cart|') }.values().sum { it[0] }

    and: 'the offsets are stored per partition'
    store.storedOffsets('otlp_spans') == [0: offsets[0], 1: offsets[1]]

    and: 'failure signatures count every error span, per track'
    def errorSpans = sent.collectMany { r ->
      def track = r.getResourceSpans(0).resource.attributesList.find { it.key == 'tollgate.track' }.value.stringValue
      def service = r.getResourceSpans(0).resource.attributesList.find { it.key == 'service.name' }.value.stringValue
      r.getResourceSpans(0).getScopeSpans(0).spansList
          .findAll { it.status.code == Status.StatusCode.STATUS_CODE_ERROR }
          .collect { [service, track] }
    }
    def signatures = ['checkout', 'cart', 'payment'].collectMany { reader.signatures(it, FROM, TO) }
    signatures.sum { it.failures() } == errorSpans.size()
    signatures.sum { it.failuresByTrack()['canary'] ?: 0 } == errorSpans.count { it[1] == 'canary' }
    signatures.every { it.exemplars().size() in 1..5 && !it.firstSeen().isAfter(it.lastSeen()) }
    signatures*.signature()*.errorClass().toSet() == ['HTTP 503', 'unknown'] as Set

    and: 'a window outside the data is empty'
    reader.operations(SpanQuery.of('cart', TO, TO.plusSeconds(60))).isEmpty()

    where:
    db << ['postgres', 'h2']
  }

  void "#db: per-minute reads filter by track and operation"() {
    given:
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    def workload = new Workload(5, T0, 1)
    def batch = new PartitionBatch('otlp_spans', 3, -1, 0)
    (0..<10).each { mapper.map(workload.next(100), batch); batch.consumed(it) }
    new AggregateStore(ds).commit([batch])

    when:
    def minutes = new AggregateReader(ds).operationMinutes(
        SpanQuery.of('checkout', FROM, TO).withTrack('canary').withOperation('GET /api/v1/orders'))

    then:
    minutes*.minute() == minutes*.minute().sort()
    minutes.every { it.stats().series().track() == 'canary' && it.stats().operation() == 'GET /api/v1/orders' }
    minutes.sum { it.stats().requests() } == workload.expected()['checkout|canary|GET /api/v1/orders'][0]

    where:
    db << ['postgres', 'h2']
  }

  void "#db: a consumer that lost its partition cannot commit over the new owner"() {
    given:
    def ds = dataSource(db)
    IngestSchema.migrate(ds)
    def store = new AggregateStore(ds)
    def reader = new AggregateReader(ds)
    def request = new Workload(1, T0, 1).next(10)

    def first = batch(-1, 0, 9, request)
    store.commit([first])

    when: 'a zombie still believes nothing is stored'
    store.commit([batch(-1, 0, 9, request)])

    then:
    thrown(PartitionFencedException)

    when: 'or believes an older offset'
    store.commit([batch(5, 5, 14, request)])

    then:
    thrown(PartitionFencedException)

    and: 'nothing it sent was counted'
    reader.operations(SpanQuery.of('checkout', FROM, TO)).sum { it.requests() } == first.spanStats().values().sum { it.requests() }

    when: 'the rightful owner continues from the stored offset'
    store.commit([batch(10, 10, 19, request)])

    then:
    store.storedOffsets('otlp_spans') == [0: 20L]
    reader.operations(SpanQuery.of('checkout', FROM, TO)).sum { it.requests() } == 2 * first.spanStats().values().sum { it.requests() }

    where:
    db << ['postgres', 'h2']
  }

  PartitionBatch batch(long expected, long from, long to, ExportTraceServiceRequest request) {
    def b = new PartitionBatch('otlp_spans', 0, expected, from)
    mapper.map(request, b)
    (from..to).each { b.consumed(it) }
    b
  }

  void "#db: ingest's migrations run once, next to the application's own Flyway history"() {
    given:
    def ds = dataSource(db)
    Flyway.configure().dataSource(ds).locations('classpath:db/appmigration').load().migrate()

    expect: 'every migration runs on the first call (V1 onwards), none on the second'
    IngestSchema.migrate(ds) > 0
    IngestSchema.migrate(ds) == 0

    and: 'both histories are there'
    tables(ds).containsAll(['flyway_schema_history', IngestSchema.HISTORY_TABLE, 'app_gate', 'ingest_span_minute', 'ingest_offset'])

    where:
    db << ['postgres', 'h2']
  }

  static List<String> tables(DataSource ds) {
    def tables = []
    ds.connection.withCloseable { c ->
      def rs = c.metaData.getTables(null, null, '%', null)
      while (rs.next()) {
        tables << rs.getString('TABLE_NAME').toLowerCase()
      }
    }
    tables
  }
}

package io.tollgate.telemetry.bench

import io.tollgate.telemetry.aggregate.Sketches
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.Compactor
import io.tollgate.telemetry.store.IngestSchema
import io.tollgate.telemetry.store.SpanQuery
import java.sql.Connection
import java.sql.DriverManager
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import org.postgresql.ds.PGSimpleDataSource

/**
 * Read-path benchmark (bench/storage.sh): fills a fresh PostgreSQL database with 31 days of hour and
 * day rollups and one day of minute aggregates (2 partitions) for 5 services x 10 operations x 2
 * tracks, builds the last day's rollups with the Compactor, then times a 30-day budget-window read
 * and a 1-hour canary read.
 *
 * <p>Arguments: server JDBC URL, user, runs.
 */
class StorageBench {
  static final Instant END = Instant.parse('2026-11-30T00:00:00Z')
  static final int SERVICES = 5, OPERATIONS = 10, PARTITIONS = 2

  static void main(String[] args) {
    String server = args[0], user = args[1]
    int runs = args.length > 2 ? args[2] as int : 200
    String db = 'tollgate_bench_storage_' + UUID.randomUUID().toString().replace('-', '').substring(0, 12)
    DriverManager.getConnection(server, user, '').withCloseable { it.createStatement().execute("CREATE DATABASE $db") }
    try {
      run(server.replaceFirst('/[^/?]*(\\?|$)', "/$db\$1"), user, runs)
    } finally {
      DriverManager.getConnection(server, user, '').withCloseable { it.createStatement().execute("DROP DATABASE $db WITH (FORCE)") }
    }
  }

  static void run(String url, String user, int runs) {
    def ds = new PGSimpleDataSource()
    ds.setURL(url)
    ds.setUser(user)
    IngestSchema.migrate(ds)
    def sketch = Sketches.newSketch()
    (1..200).each { sketch.accept(it * 1.7d) }
    byte[] bytes = Sketches.encode(sketch)
    long t0 = System.nanoTime()
    ds.connection.withCloseable { Connection c ->
      def series = """generate_series(1, $SERVICES) s, generate_series(1, $OPERATIONS) o,
          (VALUES ('canary', '2.0.0'), ('baseline', '1.9.0')) tr(track, version)"""
      def minutes = c.prepareStatement("""INSERT INTO ingest_span_minute (topic, kafka_partition, batch_offset, service,
          service_version, environment, track, operation, minute_start, requests, errors, latency_sketch)
        SELECT 'otlp_spans', p, -1, 'svc-' || s, tr.version, 'prod', tr.track, 'op-' || o,
          ?::timestamptz + m * INTERVAL '1 minute', 100, (m % 7), ?
        FROM $series, generate_series(0, ${PARTITIONS - 1}) p, generate_series(0, 1439) m""")
      minutes.setObject(1, END.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC))
      minutes.setBytes(2, bytes)
      minutes.executeUpdate()
      def hours = c.prepareStatement("""INSERT INTO ingest_span_hour (service, service_version, environment,
          track, operation, hour_start, requests, errors, latency_sketch)
        SELECT 'svc-' || s, tr.version, 'prod', tr.track, 'op-' || o, ?::timestamptz + h * INTERVAL '1 hour',
          12000, 360, ? FROM $series, generate_series(0, 719) h""")
      hours.setObject(1, END.minus(Duration.ofDays(31)).atOffset(ZoneOffset.UTC))
      hours.setBytes(2, bytes)
      hours.executeUpdate()
      def days = c.prepareStatement("""INSERT INTO ingest_span_day (service, service_version, environment,
          track, operation, day_start, requests, errors, latency_sketch)
        SELECT 'svc-' || s, tr.version, 'prod', tr.track, 'op-' || o, ?::timestamptz + d * INTERVAL '1 day',
          288000, 8640, ? FROM $series, generate_series(0, 29) d""")
      days.setObject(1, END.minus(Duration.ofDays(31)).atOffset(ZoneOffset.UTC))
      days.setBytes(2, bytes)
      days.executeUpdate()
      def buckets = c.prepareStatement("""INSERT INTO ingest_rollup_bucket (kind, bucket_start, source_rows,
          source_check, built_at)
        SELECT 'span_hour', ?::timestamptz + h * INTERVAL '1 hour', 1, 1, now() FROM generate_series(0, 719) h
        UNION ALL
        SELECT 'span_day', ?::timestamptz + d * INTERVAL '1 day', 1, 1, now() FROM generate_series(0, 29) d""")
      buckets.setObject(1, END.minus(Duration.ofDays(31)).atOffset(ZoneOffset.UTC))
      buckets.setObject(2, END.minus(Duration.ofDays(31)).atOffset(ZoneOffset.UTC))
      buckets.executeUpdate()
      c.createStatement().execute('ANALYZE')
    }
    double loadS = (System.nanoTime() - t0) / 1e9
    def rows = { String t -> ds.connection.withCloseable { it.createStatement().executeQuery("SELECT COUNT(*) FROM $t").with { it.next(); it.getLong(1) } } }
    Instant now = END.plus(Duration.ofMinutes(10))
    long c0 = System.nanoTime()
    def round = new Compactor(ds, Clock.fixed(now, ZoneOffset.UTC),
        new Compactor.Settings(Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofMinutes(5), 'bench')).compact()
    double compactS = (System.nanoTime() - c0) / 1e9
    println "loaded in ${String.format('%.1f', loadS)} s: minutes=${rows('ingest_span_minute')} hours=${rows('ingest_span_hour')} days=${rows('ingest_span_day')}"
    println "compaction of the last day: ${round} in ${String.format('%.1f', compactS)} s"

    def reader = new AggregateReader(ds)
    def budget = SpanQuery.of('svc-3', now.minus(Duration.ofDays(30)), now).withTrack('canary')
    def canary = SpanQuery.of('svc-3', now.minus(Duration.ofHours(1)), now).withTrack('canary').withVersion('2.0.0')
    long budgetRequests = reader.operationCounts(budget).sum { it.requests() } as long
    long canaryRequests = reader.minuteCounts(canary).sum { it.requests() } as long
    // 28 seeded days and the compacted last day, 23 seeded hours; the 10-minute edges hold no data
    long expectedBudget = OPERATIONS * (288000L * 29 + 12000L * 23)
    if (budgetRequests != expectedBudget) {
      throw new IllegalStateException("budget read $budgetRequests requests, expected $expectedBudget")
    }
    def time = { Closure read ->
      (1..20).each { read() }
      def ms = (1..runs).collect { long s = System.nanoTime(); read(); (System.nanoTime() - s) / 1e6 }.sort()
      [ms[(int) (ms.size() * 0.5)], ms[(int) Math.ceil(ms.size() * 0.95) - 1]]
    }
    def budgetMs = time { reader.operationCounts(budget) }
    def canaryCountsMs = time { reader.minuteCounts(canary) }
    def canaryLatencyMs = time { reader.operationMinutes(canary) }
    def f = { double v -> String.format('%.2f', v) }
    println "budget window 30d (counts, ${budgetRequests} requests): p50=${f(budgetMs[0])} ms p95=${f(budgetMs[1])} ms"
    println "canary 1h minute counts (${canaryRequests} requests): p50=${f(canaryCountsMs[0])} ms p95=${f(canaryCountsMs[1])} ms"
    println "canary 1h minutes with sketches: p50=${f(canaryLatencyMs[0])} ms p95=${f(canaryLatencyMs[1])} ms"
    println "storage budget30d_p50_ms=${f(budgetMs[0])} budget30d_p95_ms=${f(budgetMs[1])}" +
        " canary1h_p50_ms=${f(canaryCountsMs[0])} canary1h_p95_ms=${f(canaryCountsMs[1])}" +
        " canary1h_sketch_p95_ms=${f(canaryLatencyMs[1])} runs=$runs"
  }
}

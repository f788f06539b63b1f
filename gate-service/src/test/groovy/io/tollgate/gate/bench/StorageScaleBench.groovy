package io.tollgate.gate.bench

import com.datadoghq.sketch.ddsketch.DDSketch
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import io.micronaut.context.ApplicationContext
import io.micronaut.runtime.server.EmbeddedServer
import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.aggregate.Sketches
import io.tollgate.telemetry.aggregate.SpanKey
import io.tollgate.telemetry.aggregate.SpanStats
import io.tollgate.telemetry.retention.RetentionAges
import io.tollgate.telemetry.retention.TelemetryRetention
import io.tollgate.telemetry.store.AggregateStore
import io.tollgate.telemetry.store.Compactor
import io.tollgate.testsupport.PostgresFixture
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.time.temporal.ChronoUnit
import java.util.concurrent.atomic.AtomicBoolean
import org.postgresql.ds.PGSimpleDataSource

/**
 * The storage benchmark at the issue's scale (bench/storage.sh), on a fresh PostgreSQL database:
 *
 * <ol>
 *   <li>loads DAYS (14) of minute aggregates for 20 services x 10 operations x 2 tracks (60
 *       requests a minute each) on 4 partitions through {@link AggregateStore}, one commit per
 *       partition and hour as ingest commits, with SIGNATURES (100,000) failure signatures spread
 *       over the services, operations and days (10 % canary-only);
 *   <li>adds hour and day rollups for the 76 days before (SQL, marked built), then lets the
 *       {@link Compactor} build the rollups of the loaded days as it does in production;
 *   <li>starts the service on that database and times a 10-SLI production gate (5 error-ratio and 4
 *       latency SLIs over the last hour, one 30-day error-budget SLI) end to end through {@code POST
 *       /api/v1/evaluations?wait=30s};
 *   <li>builds the scenario catalog and times filtered pages of {@code GET /api/v1/scenarios};
 *   <li>runs one retention pass removing the oldest day of minute data while a writer commits
 *       ingest batches on another partition back to back, and records the longest commit.
 * </ol>
 *
 * Arguments: days, signatures, runs. Last line: {@code storage eval_p95_ms=<n> catalog_p95_ms=<n>
 * retention_day_s=<n> max_commit_stall_ms=<n>}.
 */
class StorageScaleBench {
  static final String ADMIN = 'bench-admin-token-0123456789'
  static final int SERVICES = 20, OPERATIONS = 10, PARTITIONS = 4, ROLLUP_DAYS = 90
  static final String TOPIC = 'otlp_spans'

  static void main(String[] args) {
    int days = args.length > 0 ? args[0] as int : 14
    int signatures = args.length > 1 ? args[1] as int : 100_000
    int runs = args.length > 2 ? args[2] as int : 100
    PostgresFixture.start().withCloseable { pg -> run(pg, days, signatures, runs) }
  }

  static void run(PostgresFixture pg, int days, int signatures, int runs) {
    def ds = new PGSimpleDataSource()
    ds.setURL(pg.jdbcUrl())
    ds.setUser(pg.user())
    ds.setPassword(pg.password())
    Map<String, Object> props = new LinkedHashMap<>(pg.micronautProperties())
    props.putAll([
        'micronaut.server.port'                       : -1,
        'micronaut.server.host'                       : '127.0.0.1',
        'tollgate.security.admin-token'               : ADMIN,
        'tollgate.security.generated-admin-token-file': '',
        'tollgate.ingest.enabled'                     : false,
        'tollgate.retention.enabled'                  : false,
        'tollgate.storage.compaction.enabled'         : false,
        'tollgate.evaluations.poll-interval'          : '100ms',
        'tollgate.scenarios.refresh-interval'         : '1h'])
    // the service migrates its own and ingest's schema; the data goes in after
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer, props)
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS)
    Instant start = end.minus(Duration.ofDays(days))
    long offsets = load(ds, start, end, signatures)
    seedOlderRollups(ds, start)
    seedLoadedRollups(ds, start, end.minus(Duration.ofDays(1)))
    long c0 = System.nanoTime()
    def round = new Compactor(ds, Clock.fixed(end.plus(Duration.ofMinutes(10)), ZoneOffset.UTC),
        new Compactor.Settings(Duration.ofMinutes(5), Duration.ofHours(25), Duration.ofMinutes(30), 'bench')).compact()
    println "compaction of the last day by the Compactor: ${round} in ${secs(c0)} s"
    ds.connection.withCloseable { it.createStatement().execute('ANALYZE') }
    println "rows: " + ['ingest_span_minute', 'ingest_span_hour', 'ingest_span_day', 'ingest_signature',
                        'ingest_signature_minute'].collect { "$it=${count(ds, it)}" }.join(' ')

    readProfile(ds, end)
    double evalP95, catalogP95
    try {
      def api = new Api(server)
      evalP95 = evaluations(api, end, runs)
      catalogP95 = catalog(api, runs)
    } finally {
      server.applicationContext.close()
    }
    def (double retentionS, double stallMs) = retention(ds, end, days, offsets)
    printf('storage eval_p95_ms=%.1f catalog_p95_ms=%.1f retention_day_s=%.2f max_commit_stall_ms=%.0f%n',
        evalP95, catalogP95, retentionS, stallMs)
  }

  /** Minutes and failures through the writer; returns the next offset of each partition. */
  static long load(PGSimpleDataSource ds, Instant start, Instant end, int signatures) {
    def store = new AggregateStore(ds)
    def guard = new CardinalityGuard(1_000_000, {})
    List<DDSketch> sketches = (0..<8).collect { k ->
      def s = Sketches.newSketch()
      (1..60).each { s.accept(20d + k * 3 + (it % 17) * 4.5d + (it == 60 ? 300 : 0)) }
      s
    }
    long hours = Duration.between(start, end).toHours()
    // signature i: service i % 20, operation (i / 20) % 10, first failing in hour (i * 7919) % hours
    Map<Long, List<Integer>> byHour = [:].withDefault { [] }
    (0..<signatures).each { i -> byHour[(i * 7919L) % hours] << i }
    long[] next = new long[PARTITIONS]
    long t0 = System.nanoTime(), rows = 0
    for (long h = 0; h < hours; h++) {
      long hourStart = start.epochSecond + h * 3600
      List<PartitionBatch> batches = (0..<PARTITIONS).collect { p ->
        new PartitionBatch(TOPIC, p, next[p] == 0 ? -1 : next[p], next[p])
      }
      for (int s = 0; s < SERVICES; s++) {
        def batch = batches[s % PARTITIONS]
        ['canary', 'baseline'].eachWithIndex { String track, int t ->
          def series = new SeriesKey("svc-$s", t == 0 ? '2.0.0' : '1.9.0', 'production', track)
          for (int o = 0; o < OPERATIONS; o++) {
            for (int m = 0; m < 60; m++) {
              long minute = hourStart + m * 60
              long errors = (minute / 60 + o) % 40 == 0 ? 1 : 0
              batch.spanStats().put(new SpanKey(series, "GET /api/op-$o", minute),
                  SpanStats.of(60, errors, sketches[(m + o) % 8]))
              rows++
            }
          }
        }
      }
      for (int i : byHour[h]) {
        int s = i % SERVICES
        def sig = new FailureSignature("svc-$s", 'SERVER', "GET /api/op-${(i.intdiv(SERVICES)) % OPERATIONS}",
            'java.lang.IllegalStateException', "failure mode $i of <*>", 1)
        String track = i % 10 == 0 ? 'canary' : 'baseline'
        long nanos = (hourStart + (i % 3600)) * 1_000_000_000L
        3.times { n -> batches[s % PARTITIONS].recordFailure(sig, track, track == 'canary' ? '2.0.0' : '1.9.0', nanos + n * 60_000_000_000L, "${String.format('%032x', i)}:${String.format('%016x', n)}") }
      }
      batches.eachWithIndex { b, p ->
        b.consumed(next[p])
        next[p]++
      }
      store.commit(batches)
      if (h % 48 == 47) {
        println "loaded ${h + 1} of $hours hours: $rows minute rows in ${secs(t0)} s"
      }
    }
    println "loaded $rows span minute rows and $signatures signatures through AggregateStore in ${secs(t0)} s"
    next.max()
  }

  /** Hour and day rollups for the {@value #ROLLUP_DAYS} days before the minute data, marked built. */
  static void seedOlderRollups(PGSimpleDataSource ds, Instant minutesStart) {
    long t0 = System.nanoTime()
    int older = ROLLUP_DAYS - (int) Duration.between(minutesStart, Instant.now()).toDays()
    Instant from = minutesStart.minus(Duration.ofDays(older))
    def sketch = Sketches.newSketch()
    (1..60).each { sketch.accept(20d + (it % 17) * 4.5d) }
    byte[] bytes = Sketches.encode(sketch)
    ds.connection.withCloseable { c ->
      def series = """generate_series(0, ${SERVICES - 1}) s, generate_series(0, ${OPERATIONS - 1}) o,
          (VALUES ('canary', '2.0.0'), ('baseline', '1.9.0')) tr(track, version)"""
      def hours = c.prepareStatement("""INSERT INTO ingest_span_hour (service, service_version, environment,
          track, operation, hour_start, requests, errors, latency_sketch)
        SELECT 'svc-' || s, tr.version, 'production', tr.track, 'GET /api/op-' || o,
          ?::timestamptz + h * INTERVAL '1 hour', 3600, 2, ? FROM $series, generate_series(0, ${older * 24 - 1}) h""")
      hours.setObject(1, from.atOffset(ZoneOffset.UTC))
      hours.setBytes(2, bytes)
      hours.executeUpdate()
      def daysRows = c.prepareStatement("""INSERT INTO ingest_span_day (service, service_version, environment,
          track, operation, day_start, requests, errors, latency_sketch)
        SELECT 'svc-' || s, tr.version, 'production', tr.track, 'GET /api/op-' || o,
          ?::timestamptz + d * INTERVAL '1 day', 86400, 48, ? FROM $series, generate_series(0, ${older - 1}) d""")
      daysRows.setObject(1, from.atOffset(ZoneOffset.UTC))
      daysRows.setBytes(2, bytes)
      daysRows.executeUpdate()
      def buckets = c.prepareStatement("""INSERT INTO ingest_rollup_bucket (kind, bucket_start, source_rows,
          source_check, built_at)
        SELECT 'span_hour', ?::timestamptz + h * INTERVAL '1 hour', 1, 1, now() FROM generate_series(0, ${older * 24 - 1}) h
        UNION ALL
        SELECT 'span_day', ?::timestamptz + d * INTERVAL '1 day', 1, 1, now() FROM generate_series(0, ${older - 1}) d""")
      buckets.setObject(1, from.atOffset(ZoneOffset.UTC))
      buckets.setObject(2, from.atOffset(ZoneOffset.UTC))
      buckets.executeUpdate()
    }
    println "seeded ${older} older days of hour and day rollups in ${secs(t0)} s"
  }

  /**
   * Hour and day rollups of the loaded minutes before {@code until}, summed in SQL from the minute
   * rows (exact counts; one representative sketch), marked built: what the Compactor would have
   * written as the data arrived. Building 13 days at once takes it far longer than the benchmark's
   * budget (about 4,000 minute rows/s here), so only the last day goes through it.
   */
  static void seedLoadedRollups(PGSimpleDataSource ds, Instant from, Instant until) {
    long t0 = System.nanoTime()
    def sketch = Sketches.newSketch()
    (1..60).each { sketch.accept(20d + (it % 17) * 4.5d) }
    byte[] bytes = Sketches.encode(sketch)
    ds.connection.withCloseable { c ->
      [['ingest_span_hour', 'hour_start', 'hour', 'span_hour'], ['ingest_span_day', 'day_start', 'day', 'span_day']].each { t, col, unit, kind ->
        def ps = c.prepareStatement("""INSERT INTO $t (service, service_version, environment, track, operation, $col,
            requests, errors, latency_sketch)
          SELECT service, service_version, environment, track, operation, date_trunc('$unit', minute_start),
            SUM(requests), SUM(errors), ? FROM ingest_span_minute WHERE minute_start >= ? AND minute_start < ?
          GROUP BY service, service_version, environment, track, operation, date_trunc('$unit', minute_start)""")
        ps.setBytes(1, bytes)
        ps.setObject(2, from.atOffset(ZoneOffset.UTC))
        ps.setObject(3, until.atOffset(ZoneOffset.UTC))
        ps.executeUpdate()
        def b = c.prepareStatement("""INSERT INTO ingest_rollup_bucket (kind, bucket_start, source_rows, source_check, built_at)
          SELECT DISTINCT '$kind', date_trunc('$unit', minute_start), 1, 1, now() FROM ingest_span_minute
          WHERE minute_start >= ? AND minute_start < ?""")
        b.setObject(1, from.atOffset(ZoneOffset.UTC))
        b.setObject(2, until.atOffset(ZoneOffset.UTC))
        b.executeUpdate()
      }
    }
    println "rollups of the loaded minutes before the last day summed in SQL in ${secs(t0)} s"
  }

  /** Times the reads one evaluation of the gate makes, one by one. */
  static void readProfile(PGSimpleDataSource ds, Instant end) {
    def reader = new io.tollgate.telemetry.store.AggregateReader(ds)
    def time = { String what, Closure read ->
      5.times { read() }
      def ms = (1..20).collect { long s = System.nanoTime(); read(); (System.nanoTime() - s) / 1e6 }
      printf('  read %-40s p50=%.1f ms%n', what, pct(ms, 0.5))
    }
    def q = { Duration w -> io.tollgate.telemetry.store.SpanQuery.of('svc-3', end.minus(w), end) }
    ['PT5M', 'PT30M', 'PT1H', 'PT6H', 'PT72H', 'P30D'].each { w ->
      time("operationCounts ${w}") { reader.operationCounts(q(Duration.parse(w))) }
    }
    time('minuteCounts 1h (all operations)') { reader.minuteCounts(q(Duration.ofHours(1))) }
    time('minuteCounts 1h one operation') { reader.minuteCounts(q(Duration.ofHours(1)).withOperation('GET /api/op-1')) }
    time('operationMinutes 1h one operation') { reader.operationMinutes(q(Duration.ofHours(1)).withOperation('GET /api/op-6')) }
  }

  static double evaluations(Api api, Instant end, int runs) {
    api.call('POST', '/api/v1/gates', ADMIN, gate(), 'application/yaml')
    String pipeline = api.call('POST', '/api/v1/tokens', ADMIN, [name: 'bench', role: 'pipeline']).token
    def body = [gate  : 'production-10', start: end.minus(Duration.ofHours(1)).toString(), end: end.toString(),
                target: [service: 'svc-3']]
    5.times { api.call('POST', '/api/v1/evaluations?wait=30s', pipeline, body) }
    List<Double> roundTrips = [], server = []
    def last = null
    runs.times {
      long s = System.nanoTime()
      last = api.call('POST', '/api/v1/evaluations?wait=30s', pipeline, body)
      roundTrips << (System.nanoTime() - s) / 1e6
      assert last.status == 'DONE': "evaluation not done: $last"
      server << Duration.between(Instant.parse(last.createdAt), Instant.parse(last.decidedAt)).toNanos() / 1e6
    }
    println "last decision: ${last.decision}"
    printf('evaluation (10 SLIs incl. 30-day budget) runs=%d round trip p50=%.1f p95=%.1f ms, server p50=%.1f p95=%.1f ms%n',
        runs, pct(roundTrips, 0.5), pct(roundTrips, 0.95), pct(server, 0.5), pct(server, 0.95))
    pct(roundTrips, 0.95)
  }

  static double catalog(Api api, int runs) {
    String viewer = api.call('POST', '/api/v1/tokens', ADMIN, [name: 'bench-viewer', role: 'viewer']).token
    long b0 = System.nanoTime()
    def first = api.call('GET', '/api/v1/scenarios?limit=1', viewer, null)
    println "scenario catalog built on first read in ${secs(b0)} s"
    def filters = (0..<SERVICES).collect { "service=svc-$it&coverage=uncovered&limit=50" } +
        ['environment=canary&new-in-canary=true&limit=50', 'environment=production&triage=to_investigate&limit=50',
         'service=svc-7&environment=canary&limit=100']
    filters.each { api.call('GET', "/api/v1/scenarios?$it", viewer, null) }
    List<Double> ms = []
    long total = 0
    runs.times { n ->
      long s = System.nanoTime()
      def page = api.call('GET', "/api/v1/scenarios?${filters[n % filters.size()]}", viewer, null)
      ms << (System.nanoTime() - s) / 1e6
      total += page.size()
    }
    long stored = api.countScenarios(viewer)
    printf('catalog: %d scenarios stored; filtered pages runs=%d (%d rows) p50=%.1f p95=%.1f ms%n',
        stored, runs, total, pct(ms, 0.5), pct(ms, 0.95))
    assert first.size() == 1
    pct(ms, 0.95)
  }

  /** One retention pass removing the oldest day of minutes while a writer commits batches. */
  static List<Double> retention(PGSimpleDataSource ds, Instant end, int days, long offset) {
    def store = new AggregateStore(ds)
    def guard = new CardinalityGuard(1_000_000, {})
    def sketch = Sketches.newSketch()
    (1..60).each { sketch.accept(it * 1.5d) }
    def running = new AtomicBoolean(true)
    List<long[]> commits = Collections.synchronizedList([])
    long next = 0
    def writer = Thread.start {
      while (running.get()) {
        // ingest's commit on a partition of its own: 400 series x 1 minute, recent data
        def b = new PartitionBatch(TOPIC, PARTITIONS, next == 0 ? -1 : next, next)
        long minute = end.epochSecond + (next % 600) * 60
        for (int s = 0; s < SERVICES; s++) {
          ['canary', 'baseline'].each { track ->
            def series = new SeriesKey("svc-$s", track == 'canary' ? '2.0.0' : '1.9.0', 'production', track)
            (0..<OPERATIONS).each { o -> b.spanStats().put(new SpanKey(series, "GET /api/op-$o", minute), SpanStats.of(60, 0, sketch)) }
          }
        }
        b.consumed(next)
        long s = System.nanoTime()
        store.commit([b])
        commits << ([s, System.nanoTime()] as long[])
        next++
      }
    }
    Thread.sleep(3000)
    long before = count(ds, 'ingest_span_minute')
    long r0 = System.nanoTime()
    def removed = new TelemetryRetention(ds, 5000, Clock.fixed(end, ZoneOffset.UTC))
        .run(new RetentionAges(Duration.ofDays(days - 1), Duration.ofDays(400), Duration.ofDays(400)))
    long r1 = System.nanoTime()
    Thread.sleep(1000)
    running.set(false)
    writer.join()
    double passS = (r1 - r0) / 1e9
    def during = commits.findAll { it[1] > r0 && it[0] < r1 }.collect { (it[1] - it[0]) / 1e6 }
    def outside = commits.findAll { it[1] <= r0 }.collect { (it[1] - it[0]) / 1e6 }
    printf('retention: removed %s (span minutes %d -> %d) in %.2f s; writer commits before: n=%d p50=%.0f max=%.0f ms;' +
        ' during: n=%d p50=%.0f max=%.0f ms%n', removed, before, count(ds, 'ingest_span_minute'), passS,
        outside.size(), pct(outside, 0.5), outside.max() ?: 0d, during.size(), pct(during, 0.5), during.max() ?: 0d)
    [passS, (during.max() ?: 0d) as double]
  }

  /** 5 error-ratio and 4 latency SLIs over the hour judged, and a 30-day error budget. */
  static String gate() {
    def slis = (0..<9).collect { o ->
      o < 5 ? """    - name: errors_$o
      source:
        traces:
          service: \$service
          operation: GET /api/op-$o
          measure: error_ratio
      criteria:
        - absolute:
            pass: "<= 0.05"
""" : """    - name: latency_$o
      unit: ms
      source:
        traces:
          service: \$service
          operation: GET /api/op-$o
          measure: latency
          quantile: 0.95
      criteria:
        - absolute:
            pass: "<= 500"
"""
    }
    slis << """    - name: availability
      source:
        traces:
          service: \$service
          measure: error_ratio
      criteria:
        - budget:
            objective: 0.99
            window: 30d
            mode: burn_rate
        - budget:
            objective: 0.99
            window: 30d
            mode: remaining
            remaining:
              pass: ">= 0.25"
"""
    """apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: production-10
spec:
  slis:
${slis.join()}"""
  }

  /** The service's API over loopback. */
  static final class Api {
    final EmbeddedServer server
    final HttpClient http = HttpClient.newHttpClient()

    Api(EmbeddedServer server) { this.server = server }

    def call(String method, String path, String token, Object body, String type = 'application/json') {
      def b = HttpRequest.newBuilder(server.URI.resolve(path)).header('Authorization', "Bearer $token")
      if (body != null) b.header('Content-Type', type)
      def pub = body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(body instanceof String ? body : JsonOutput.toJson(body))
      def r = http.send(b.method(method, pub).build(), HttpResponse.BodyHandlers.ofString())
      assert r.statusCode() < 300: "$method $path -> ${r.statusCode()} ${r.body()}"
      new JsonSlurper().parseText(r.body())
    }

    long countScenarios(String token) {
      long n = 0
      String cursor = null
      while (true) {
        def b = HttpRequest.newBuilder(server.URI.resolve('/api/v1/scenarios?limit=1000' +
            (cursor ? '&cursor=' + URLEncoder.encode(cursor, 'UTF-8') : ''))).header('Authorization', "Bearer $token")
        def r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString())
        n += new JsonSlurper().parseText(r.body()).size()
        cursor = r.headers().firstValue('X-Next-Cursor').orElse(null)
        if (cursor == null) return n
      }
    }
  }

  static long count(PGSimpleDataSource ds, String table) {
    ds.connection.withCloseable { it.createStatement().executeQuery("SELECT COUNT(*) FROM $table").with { it.next(); it.getLong(1) } }
  }

  static String secs(long t0) { String.format('%.1f', (System.nanoTime() - t0) / 1e9) }

  static double pct(List<Double> xs, double q) {
    if (xs.isEmpty()) return 0d
    def s = xs.sort(false)
    s[Math.min(s.size() - 1, (int) Math.ceil(q * s.size()) - 1)]
  }
}

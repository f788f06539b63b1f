package io.tollgate.gate.bench

import io.micronaut.context.ApplicationContext
import io.micronaut.jdbc.DataSourceResolver
import io.micronaut.runtime.server.EmbeddedServer
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.aggregate.SpanKey
import io.tollgate.telemetry.aggregate.SpanStats
import io.tollgate.telemetry.aggregate.Sketches
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.AggregateStore
import io.tollgate.telemetry.store.Compactor
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.testsupport.PostgresFixture
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit
import javax.sql.DataSource

/**
 * Traffic profile and k6 export of a service with 20 operations over 7 days of aggregates, through
 * the HTTP API on PostgreSQL. The minutes are written through the telemetry-store writer (two
 * versions per minute, a diurnal shape, a latency sketch per row) and the Compactor builds the
 * hour and day rollups, as a running service's maintenance would. Run by bench/profile.sh.
 *
 * Last line: profile operations=20 days=7 minute_rows=<n> runs=<n> profile_p50_ms=<n>
 *   profile_p95_ms=<n> k6_p50_ms=<n> k6_p95_ms=<n>
 */
class ProfileBench {
  static final String ADMIN = "bench-admin-token-0123456789"
  static final int OPERATIONS = 20
  static final int DAYS = 7

  static void main(String[] args) {
    int runs = args ? args[0] as int : 30
    PostgresFixture.start().withCloseable { pg ->
      Map<String, Object> props = new LinkedHashMap<>(pg.micronautProperties())
      props.putAll([
          "micronaut.server.port"                      : -1,
          "micronaut.server.host"                      : "127.0.0.1",
          "tollgate.security.admin-token"              : ADMIN,
          "tollgate.security.generated-admin-token-file": "",
          "tollgate.retention.enabled"                 : false])
      EmbeddedServer server = ApplicationContext.run(EmbeddedServer, props)
      try {
        bench(server, runs)
      } finally {
        server.applicationContext.close()
      }
    }
  }

  static void bench(EmbeddedServer server, int runs) {
    def ctx = server.applicationContext
    ctx.getBean(AggregateReader) // migrates the telemetry tables
    DataSource ds = ctx.getBean(DataSourceResolver).resolve(ctx.getBean(DataSource))
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES)
    Instant start = now.minus(DAYS, ChronoUnit.DAYS)
    def versions = [new SeriesKey("catalog", "5.0.0", "production", ""),
                    new SeriesKey("catalog", "5.1.0", "production", "canary")]
    def random = new Random(14)
    long t0 = System.nanoTime()
    long rows = 0
    long expected = -1
    long next = 0
    def store = new AggregateStore(ds)
    for (int day = 0; day < DAYS; day++) {
      def batch = new PartitionBatch("otlp_spans", 0, expected, next)
      for (int m = 0; m < 1440; m++) {
        Instant minute = start.plus(day * 1440L + m, ChronoUnit.MINUTES)
        int hour = (int) ((minute.epochSecond.intdiv(3600)) % 24)
        double diurnal = 0.3 + 0.7 * Math.sin(Math.PI * hour / 24) ** 2
        for (int op = 0; op < OPERATIONS; op++) {
          long base = Math.round(200.0 / (op + 1) * diurnal)
          versions.eachWithIndex { series, v ->
            long n = Math.max(1, base + random.nextInt(5) - (v == 0 ? 0 : base.intdiv(2)))
            def sketch = Sketches.newSketch()
            sketch.accept(20 + op * 3, Math.max(1, n - 2))
            sketch.accept(200 + op * 10, Math.min(2, n))
            batch.spanStats().put(new SpanKey(series, "GET /api/items/$op", minute.epochSecond),
                SpanStats.of(n, op % 5 == 0 ? 1 : 0, sketch))
            rows++
          }
        }
      }
      batch.consumed(next)
      store.commit([batch])
      expected = batch.nextOffset()
      next = expected
    }
    double loadS = (System.nanoTime() - t0) / 1e9
    long c0 = System.nanoTime()
    def compactor = new Compactor(ds, Clock.systemUTC(),
        new Compactor.Settings(Duration.ofMinutes(5), Duration.ofDays(DAYS + 1), Duration.ofMinutes(5), "bench"))
    int rounds = 0
    while (rounds < 20 && compactor.compact().buckets() > 0) {
      rounds++
    }
    double compactS = (System.nanoTime() - c0) / 1e9
    ds.connection.withCloseable { it.createStatement().execute("ANALYZE") }
    println String.format("wrote %d minute rows in %.1f s; %d compaction rounds in %.1f s", rows, loadS, rounds, compactS)

    def http = HttpClient.newHttpClient()
    String viewer = new groovy.json.JsonSlurper().parseText(http.send(
        HttpRequest.newBuilder(server.URI.resolve("/api/v1/tokens")).header("Authorization", "Bearer $ADMIN")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString('{"name":"bench","role":"viewer"}')).build(),
        HttpResponse.BodyHandlers.ofString()).body()).token
    def time = { String path ->
      long s = System.nanoTime()
      def r = http.send(HttpRequest.newBuilder(server.URI.resolve(path)).header("Authorization", "Bearer $viewer").build(),
          HttpResponse.BodyHandlers.ofString())
      double ms = (System.nanoTime() - s) / 1e6
      assert r.statusCode() == 200: "$path -> ${r.statusCode()} ${r.body()}"
      [ms, r.body()]
    }
    def profilePath = "/api/v1/services/catalog/traffic-profile?window=7d"
    def k6Path = "/api/v1/services/catalog/k6-script?window=7d&headroom=1.5&duration=10m"
    def body = time(profilePath)[1]
    def profile = new groovy.json.JsonSlurper().parseText(body)
    assert profile.operations.size() == OPERATIONS
    assert time(k6Path)[1].count("executor: 'constant-arrival-rate'") == OPERATIONS
    3.times { time(profilePath); time(k6Path) }
    List<Double> p = []
    List<Double> k = []
    runs.times {
      p << time(profilePath)[0]
      k << time(k6Path)[0]
    }
    // where the time goes, in-process: the minute histogram (one pass over the minutes) and the
    // sketches (from the rollups)
    def reader = ctx.getBean(AggregateReader)
    def q = SpanQuery.of("catalog", now.minus(DAYS, ChronoUnit.DAYS), now).withEnvironment("production")
    List<Double> rates = []
    List<Double> sketches = []
    5.times {
      long s0 = System.nanoTime()
      reader.minuteRates(q)
      long s1 = System.nanoTime()
      reader.operations(q)
      rates << (s1 - s0) / 1e6
      sketches << (System.nanoTime() - s1) / 1e6
    }
    printf("reads: minute rates p50 %.1f ms, sketches p50 %.1f ms%n", pct(rates, 0.5), pct(sketches, 0.5))
    printf("profile operations=%d days=%d minute_rows=%d runs=%d profile_p50_ms=%.1f profile_p95_ms=%.1f k6_p50_ms=%.1f k6_p95_ms=%.1f%n",
        OPERATIONS, DAYS, rows, runs, pct(p, 0.5), pct(p, 0.95), pct(k, 0.5), pct(k, 0.95))
  }

  static double pct(List<Double> xs, double q) {
    def s = xs.sort(false)
    s[Math.min(s.size() - 1, (int) Math.ceil(q * s.size()) - 1)]
  }
}

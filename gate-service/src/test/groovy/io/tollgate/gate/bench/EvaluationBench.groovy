package io.tollgate.gate.bench

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import io.micronaut.context.ApplicationContext
import io.micronaut.runtime.server.EmbeddedServer
import io.tollgate.gate.demo.SyntheticTraffic
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.testsupport.KafkaFixture
import io.tollgate.testsupport.PostgresFixture
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord

/**
 * End-to-end evaluation latency: an hour of OTLP spans for 10 operations on two tracks goes
 * through a real Kafka broker into ingest on PostgreSQL; then a 10-SLI gate is evaluated over that
 * hour again and again through the HTTP API. Prometheus is not involved. Run by bench/evaluation.sh.
 *
 * Last line: evaluation slis=10 window_minutes=60 spans=<n> runs=<n> p50_ms=<n> p95_ms=<n>
 *   server_p50_ms=<n> server_p95_ms=<n>
 */
class EvaluationBench {
  static final String ADMIN = "bench-admin-token-0123456789"
  static final int OPERATIONS = 10
  static final int SPANS_PER_MINUTE = 50

  static void main(String[] args) {
    int runs = args ? args[0] as int : 60
    Instant t0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)
    Instant t1 = t0.plus(60, ChronoUnit.MINUTES)
    KafkaFixture.start().withCloseable { kafka ->
      PostgresFixture.start().withCloseable { pg ->
        kafka.createTopic("otlp_spans", 4)
        kafka.createTopic("otlp_metrics", 1)
        kafka.createTopic("otlp_dead_letter", 1)
        Map<String, Object> props = new LinkedHashMap<>(pg.micronautProperties())
        props.putAll([
            "micronaut.server.port"                      : -1,
            "micronaut.server.host"                      : "127.0.0.1",
            "tollgate.security.admin-token"              : ADMIN,
            "tollgate.security.generated-admin-token-file": "",
            "tollgate.ingest.enabled"                    : true,
            "tollgate.ingest.bootstrap-servers"          : kafka.bootstrapServers(),
            "tollgate.ingest.batch-interval"             : "200ms",
            "tollgate.evaluations.poll-interval"         : "100ms"])
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer, props)
        try {
          bench(server, kafka, t0, t1, runs)
        } finally {
          server.applicationContext.close()
        }
      }
    }
  }

  static void bench(EmbeddedServer server, KafkaFixture kafka, Instant t0, Instant t1, int runs) {
    def http = HttpClient.newHttpClient()
    def call = { String method, String path, String token, Object body, String type = "application/json" ->
      def b = HttpRequest.newBuilder(server.URI.resolve(path)).header("Authorization", "Bearer $token")
      if (body != null) b.header("Content-Type", type)
      def pub = body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(body instanceof String ? body : JsonOutput.toJson(body))
      def r = http.send(b.method(method, pub).build(), HttpResponse.BodyHandlers.ofString())
      assert r.statusCode() < 300: "$method $path -> ${r.statusCode()} ${r.body()}"
      new JsonSlurper().parseText(r.body())
    }
    String pipeline = call("POST", "/api/v1/tokens", ADMIN, [name: "bench", role: "pipeline"]).token

    long spans = 0
    def traffic = new SyntheticTraffic(7)
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      for (int minute = 0; minute < 60; minute++) {
        Instant at = t0.plus(minute, ChronoUnit.MINUTES).plusSeconds(40)
        for (int op = 0; op < OPERATIONS; op++) {
          [SyntheticTraffic.Profile.healthy("catalog", "5.1.0", "canary"),
           SyntheticTraffic.Profile.healthy("catalog", "5.0.0", "baseline")].each { p ->
            def request = traffic.batch(p, "GET", "/api/items/$op", SPANS_PER_MINUTE, at)
            producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans", request.toByteArray()))
            spans += SPANS_PER_MINUTE
          }
        }
      }
      producer.flush()
    }
    def reader = server.applicationContext.getBean(AggregateReader)
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos()
    long ingested = 0
    while (ingested < spans && System.nanoTime() < deadline) {
      Thread.sleep(200)
      ingested = reader.operations(SpanQuery.of("catalog", t0, t1)).sum { it.requests() } ?: 0
    }
    assert ingested == spans: "ingested $ingested of $spans spans"

    call("POST", "/api/v1/gates", ADMIN, gate(), "application/yaml")
    def body = [gate    : "catalog-10", start: t0.toString(), end: t1.toString(),
                canary  : [service: "catalog", version: "5.1.0", track: "canary"],
                baseline: [service: "catalog", version: "5.0.0", track: "baseline"]]
    5.times { call("POST", "/api/v1/evaluations?wait=30s", pipeline, body) }
    List<Double> roundTrips = []
    List<Double> serverSide = []
    String outcome = null
    runs.times {
      long start = System.nanoTime()
      def r = call("POST", "/api/v1/evaluations?wait=30s", pipeline, body)
      roundTrips << (System.nanoTime() - start) / 1e6
      assert r.status == "DONE"
      outcome = r.decision
      serverSide << Duration.between(Instant.parse(r.createdAt), Instant.parse(r.decidedAt)).toNanos() / 1e6
    }
    println "decision of the last run: $outcome"
    printf("evaluation slis=%d window_minutes=60 spans=%d runs=%d p50_ms=%.1f p95_ms=%.1f server_p50_ms=%.1f server_p95_ms=%.1f%n",
        OPERATIONS, spans, runs, pct(roundTrips, 0.5), pct(roundTrips, 0.95), pct(serverSide, 0.5), pct(serverSide, 0.95))
  }

  static double pct(List<Double> xs, double q) {
    def s = xs.sort(false)
    s[Math.min(s.size() - 1, (int) Math.ceil(q * s.size()) - 1)]
  }

  /** Ten SLIs: error ratio of five operations, latency of the other five. */
  static String gate() {
    def slis = (0..<OPERATIONS).collect { op ->
      op < 5 ? """    - name: errors_$op
      source:
        traces:
          service: \$service
          operation: GET /api/items/$op
          measure: error_ratio
      criteria:
        - statistical:
            test: two_proportion
            confidence: 0.95
            minSamples: 500
        - absolute:
            pass: "<= 0.02"
""" : """    - name: latency_$op
      unit: ms
      source:
        traces:
          service: \$service
          operation: GET /api/items/$op
          measure: latency
          quantile: 0.95
      criteria:
        - vsBaseline:
            mode: ratio
            pass: "<= 1.2"
            minAbsoluteDelta: 5
        - statistical:
            test: mann_whitney
            confidence: 0.95
            minEffect: 0.05
            minSamples: 200
"""
    }
    """apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: catalog-10
spec:
  slis:
${slis.join()}"""
  }
}

package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.demo.SyntheticTraffic
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.testsupport.KafkaFixture
import io.tollgate.testsupport.PostgresFixture
import jakarta.inject.Inject
import java.nio.file.Path
import java.time.Instant
import java.time.temporal.ChronoUnit
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The demo's attribution case through a real broker and PostgreSQL: 1.5.0 and 1.6.0 run as
 * canaries of one operation at the same time, each failing its own way. A failure only 1.6.0 emits
 * is introduced in 1.6.0, a decision lists only its own version's scenarios within its window, and
 * a test-run decision names the runs it judged.
 */
@MicronautTest
@Stepwise
class DecisionAttributionSpec extends Specification implements TestPropertyProvider {
  static final Instant T0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)
  static final Instant T1 = T0.plus(10, ChronoUnit.MINUTES)
  static final Instant T2 = T0.plus(60, ChronoUnit.MINUTES)

  static final SyntheticTraffic.Profile GOOD = SyntheticTraffic.Profile.healthy("checkout", "1.5.0", "canary")
      .withErrors(0.02, "java.net.SocketTimeoutException", "Read timed out after 2000 ms")
  static final SyntheticTraffic.Profile BAD = SyntheticTraffic.Profile.healthy("checkout", "1.6.0", "canary")
      .withErrors(0.10, "java.sql.SQLTransientConnectionException",
          "HikariPool-1 - Connection is not available, request timed out after 3000ms.")
  static final SyntheticTraffic.Profile BAD_LATER = SyntheticTraffic.Profile.healthy("checkout", "1.6.0", "canary")
      .withErrors(0.10, "java.lang.IllegalStateException", "cart is locked")
  static final SyntheticTraffic.Profile BASELINE = SyntheticTraffic.Profile.healthy("checkout", "1.4.2", "baseline")

  @Shared KafkaFixture kafka
  @Shared PostgresFixture pg
  @Shared Map<String, String> tokens = [:]
  @Shared Map<String, Long> decisions = [:]

  @Inject EmbeddedServer server
  @Inject AggregateReader reader

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    kafka.createTopic("otlp_spans", 3)
    kafka.createTopic("otlp_metrics", 1)
    kafka.createTopic("otlp_dead_letter", 1)
    pg = PostgresFixture.start()
    pg.micronautProperties() + [
        "tollgate.ingest.enabled"           : "true",
        "tollgate.ingest.bootstrap-servers" : kafka.bootstrapServers(),
        "tollgate.ingest.batch-interval"    : "200ms",
        "tollgate.evaluations.poll-interval": "200ms"]
  }

  def cleanupSpec() {
    kafka?.close()
    pg?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "a-$role", role: role]).body.token }
  }

  String page(String path) {
    def r = api().call("GET", path, null, null, "text/plain", [Cookie: UiSession.signIn(server.URI, token("qa")).cookie])
    assert r.status == 200
    r.text
  }

  void produce(SyntheticTraffic.Profile profile, Instant from, int batches, int spans) {
    def traffic = new SyntheticTraffic(profile.hashCode())
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      (0..<batches).each { i ->
        def at = from.plusSeconds(30 + i * (540 / batches) as long)
        producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans",
            traffic.batch(profile, "POST", "/checkout", spans, at).toByteArray()))
      }
      producer.flush()
    }
  }

  long ingested(String track, Instant from, Instant to) {
    reader.operations(new SpanQuery("checkout", track, "POST /checkout", from, to)).sum { it.requests() } ?: 0
  }

  void "two canaries fail their own ways in the same minutes; 1.6.0 fails another way an hour later"() {
    when:
    produce(GOOD, T0, 10, 500)
    produce(BAD, T0, 10, 500)
    produce(BASELINE, T0, 10, 500)
    produce(BAD_LATER, T2, 5, 500)

    then:
    new PollingConditions(timeout: 60, delay: 0.2).eventually {
      assert ingested("canary", T0, T1) == 10_000
      assert ingested("canary", T2, T2.plus(10, ChronoUnit.MINUTES)) == 2_500
      assert ingested("baseline", T0, T1) == 5_000
    }
  }

  void "a failure only 1.6.0 emits is introduced in 1.6.0, not in 1.5.0"() {
    when:
    def canary = api().get("/api/v1/scenarios?environment=canary&service=checkout", token("qa")).body
    def byClass = canary.collectEntries { [(it.errorClass): it] }

    then:
    byClass.keySet() == ["java.net.SocketTimeoutException", "java.sql.SQLTransientConnectionException",
                         "java.lang.IllegalStateException"] as Set
    byClass["java.sql.SQLTransientConnectionException"].introducedIn == "1.6.0"
    byClass["java.lang.IllegalStateException"].introducedIn == "1.6.0"
    byClass["java.net.SocketTimeoutException"].introducedIn == "1.5.0"
  }

  void "a decision lists only the scenarios of its canary version within its window"() {
    given:
    assert api().call("POST", "/api/v1/gates", token("sre"), Path.of("../docs/examples/demo-canary-gate.yaml").text,
        "application/yaml").status == 201

    when:
    ["1.5.0", "1.6.0"].each { v ->
      def r = api().call("POST", "/api/v1/evaluations?wait=30s", token("pipeline"), [
          gate    : "demo-checkout-canary", start: T0.toString(), end: T1.toString(),
          canary  : [service: "checkout", version: v, track: "canary"],
          baseline: [service: "checkout", version: "1.4.2", track: "baseline"]])
      assert r.status == 201
      decisions[v] = r.body.id as long
    }
    def good = section(page("/ui/decisions/${decisions['1.5.0']}"))
    def bad = section(page("/ui/decisions/${decisions['1.6.0']}"))

    then:
    good.contains("java.net.SocketTimeoutException")
    !good.contains("SQLTransientConnectionException")
    !good.contains("IllegalStateException")
    bad.contains("java.sql.SQLTransientConnectionException")
    !bad.contains("SocketTimeoutException")
    !bad.contains("IllegalStateException")
  }

  void "a test-run decision names the runs it judged, with links"() {
    given:
    assert api().call("POST", "/api/v1/gates", token("sre"), Path.of("../docs/examples/testrun-gate.yaml").text,
        "application/yaml").status == 201
    def run = api().call("POST", "/api/v1/test-runs?service=checkout&version=1.6.0&suite=smoke", token("pipeline"),
        Path.of("../docs/examples/quickstart-results.xml").text, "application/xml")
    assert run.status == 201
    long runId = run.body.run.id as long

    when:
    def r = api().call("POST", "/api/v1/evaluations?wait=30s", token("pipeline"),
        [gate: "nightly-load-test", testRuns: [runId]])
    def html = page("/ui/decisions/${r.body.id}")

    then:
    r.status == 201
    html.contains("Test runs judged")
    html.contains("href=\"/ui/test-runs/$runId\"")
  }

  /** The "Failure scenarios behind it" list of a decision page. */
  static String section(String html) {
    int at = html.indexOf('id="decision-scenarios"')
    assert at > 0
    html.substring(at, html.indexOf("</ul>", html.indexOf("</li>", at) + 5) + 5)
  }
}

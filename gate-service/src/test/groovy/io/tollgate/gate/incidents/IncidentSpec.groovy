package io.tollgate.gate.incidents

import groovy.json.JsonOutput
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.ApiClient
import io.tollgate.gate.UiSession
import io.tollgate.gate.demo.SyntheticTraffic
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.testsupport.KafkaFixture
import io.tollgate.testsupport.PostgresFixture
import jakarta.inject.Inject
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
 * Incidents over production failures that came through a real Kafka broker into PostgreSQL: created
 * through the API or received as CDEvents (CloudEvents structured and binary mode), each collects
 * exactly the failure scenarios active during its span, with their test coverage.
 */
@MicronautTest
@Stepwise
class IncidentSpec extends Specification implements TestPropertyProvider {
  static final Instant T0 = Instant.now().minus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)
  static final Instant T1 = T0.plus(60, ChronoUnit.MINUTES)

  static final SyntheticTraffic.Profile POOL = SyntheticTraffic.Profile.healthy("checkout", "2.0.0", "stable")
      .withErrors(0.10, "java.sql.SQLTransientConnectionException",
          "HikariPool-1 - Connection is not available, request timed out after 3000ms.")
  static final SyntheticTraffic.Profile LOCKED = SyntheticTraffic.Profile.healthy("checkout", "2.0.0", "stable")
      .withErrors(0.10, "com.example.cart.CartLockedException", "cart is locked")

  static final String JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.checkout.CheckoutApiTest" tests="1" failures="1" errors="0">
  <testcase name="survivesPoolExhaustion" classname="com.example.checkout.CheckoutApiTest" time="0.3">
    <failure message="HikariPool-1 - Connection is not available, request timed out after 3000ms." type="java.sql.SQLTransientConnectionException">stack</failure>
  </testcase>
</testsuite>
"""

  @Shared KafkaFixture kafka
  @Shared PostgresFixture pg
  @Shared Map<String, String> tokens = [:]
  @Shared Map<String, Long> ids = [:]

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
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "i-$role", role: role]).body.token }
  }

  void produce(SyntheticTraffic.Profile profile, Instant from) {
    def traffic = new SyntheticTraffic(profile.hashCode())
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      (0..<10).each { i ->
        producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans",
            traffic.batch(profile, "POST", "/checkout", 300, from.plusSeconds(30 + i * 54)).toByteArray()))
      }
      producer.flush()
    }
  }

  static Map cdevent(String predicate, String id, Instant at, String description = "Checkout error rate above 5%") {
    [context: [version: "0.4.1", id: UUID.randomUUID().toString(), source: "/monitoring/prod1",
               type: "dev.cdevents.incident.${predicate}.0.2.0".toString(), timestamp: at.toString()],
     subject: [id: id, source: "/monitoring/prod1", type: "incident",
               content: [description: description, environment: [id: "prod1", source: "/iaas/geo1"],
                         service: [id: "checkout", source: "/clusterA/shop"],
                         artifactId: "pkg:oci/checkout@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427"]],
     customData: [severity: "high"], customDataContentType: "application/json"]
  }

  void "production fails one way for ten minutes, another way an hour later"() {
    when:
    produce(POOL, T0)
    produce(LOCKED, T1)

    then:
    new PollingConditions(timeout: 60, delay: 0.2).eventually {
      assert (reader.operations(new SpanQuery("checkout", "stable", "POST /checkout", T0, T1.plus(10, ChronoUnit.MINUTES))).sum { it.requests() } ?: 0) == 6_000
    }
  }

  void "an SRE creates an incident"() {
    when:
    def created = api().post("/api/v1/incidents", token("sre"), [service: "checkout", title: "Checkout pool exhausted",
        severity: "critical", startedAt: T0.plus(2, ChronoUnit.MINUTES).toString(),
        resolvedAt: T0.plus(8, ChronoUnit.MINUTES).toString(), sourceId: "INC-1"])
    ids.pool = created.body.id as long

    then:
    created.status == 201
    created.body.severity == "CRITICAL"
    created.body.source == "api"
    created.body.sourceId == "INC-1"
  }

  void "a #role token cannot create incidents nor send incident events"() {
    expect:
    api().post("/api/v1/incidents", token(role), [service: "x", title: "t", startedAt: T0.toString()]).status == 403
    api().call("POST", "/api/v1/events/cdevents", token(role), [specversion: "1.0", id: "r", source: "/m",
        type: "dev.cdevents.incident.detected.0.2.0", data: cdevent("detected", "r", T0)], "application/cloudevents+json").status == 403

    where:
    role << ["qa", "pipeline", "viewer"]
  }

  void "bad incidents: #why"() {
    when:
    def r = api().post("/api/v1/incidents", token("sre"), body)

    then:
    r.status == status
    r.type.contains("application/problem+json")
    r.text.contains(says)

    where:
    why                        | body                                                                                      || status | says
    "resolved before started"  | [service: "c", title: "t", startedAt: "2026-01-02T00:00:00Z", resolvedAt: "2026-01-01T00:00:00Z"] || 400 | "/resolvedAt"
    "unknown severity"         | [service: "c", title: "t", severity: "sev0", startedAt: "2026-01-01T00:00:00Z"]           || 400 | "severity must be one of"
    "no service"               | [title: "t", startedAt: "2026-01-01T00:00:00Z"]                                           || 400 | "service"
    "starts in the future"     | [service: "c", title: "t", startedAt: "2099-01-01T00:00:00Z"]                             || 400 | "future"
    "resolved past year 9999"  | [service: "c", title: "t", startedAt: "2026-01-01T00:00:00Z", resolvedAt: "+999999999-12-31T23:59:59Z"] || 400 | "between 1970 and 9999"
    "started before 1970"      | [service: "c", title: "t", startedAt: "1969-12-31T23:59:59Z"]                             || 400 | "between 1970 and 9999"
    "same source id twice"     | [service: "c", title: "t", startedAt: "2026-01-01T00:00:00Z", sourceId: "INC-1"]          || 409 | "INC-1"
  }

  void "a CDEvents incident arrives in structured mode and is resolved in binary mode; a repeat changes nothing"() {
    when:
    def envelope = [specversion: "1.0", id: "e1", source: "/monitoring/prod1", type: "dev.cdevents.incident.detected.0.2.0",
                    datacontenttype: "application/json", time: T1.toString(),
                    data: cdevent("detected", "incident-123", T1.plus(1, ChronoUnit.MINUTES))]
    def detected = api().call("POST", "/api/v1/events/cdevents", token("sre"), envelope, "application/cloudevents+json")
    def again = api().call("POST", "/api/v1/events/cdevents", token("sre"), envelope, "application/cloudevents+json")
    def resolved = api().call("POST", "/api/v1/events/cdevents", token("sre"),
        JsonOutput.toJson(cdevent("resolved", "incident-123", T1.plus(9, ChronoUnit.MINUTES), "Checkout recovered")),
        "application/json",
        ["ce-specversion": "1.0", "ce-id": "e2", "ce-source": "/monitoring/prod1",
         "ce-type": "dev.cdevents.incident.resolved.0.2.0"])
    ids.locked = detected.body.id as long

    then:
    detected.status == 201
    detected.body.service == "checkout"
    detected.body.title == "Checkout error rate above 5%"
    detected.body.environment == "prod1"
    detected.body.sourceId == "incident-123"
    detected.body.startedAt == T1.plus(1, ChronoUnit.MINUTES).toString()
    again.status == 200
    again.body.id == detected.body.id
    resolved.status == 200
    resolved.body.id == detected.body.id
    resolved.body.resolvedAt == T1.plus(9, ChronoUnit.MINUTES).toString()
  }

  void "events that are not incident CDEvents are refused: #why"() {
    when:
    def r = api().call("POST", "/api/v1/events/cdevents", token("sre"), body, "application/cloudevents+json", headers)

    then:
    r.status == status
    r.text.contains(says)

    where:
    why                  | body                                                                                         | headers || status | says
    "not JSON"           | "{"                                                                                          | [:]     || 400    | "not valid JSON"
    "JSON null"          | "null"                                                                                       | [:]     || 400    | "not a JSON object"
    "a JSON array"       | "[1]"                                                                                        | [:]     || 400    | "not a JSON object"
    "no envelope"        | JsonOutput.toJson(cdevent("detected", "x", T0))                                              | [:]     || 400    | "not a CloudEvent"
    "another event type" | JsonOutput.toJson([specversion: "1.0", id: "1", source: "/s", type: "dev.cdevents.build.finished.0.2.0", data: [:]]) | [:] || 422 | "is not taken here"
    "no service"         | JsonOutput.toJson([specversion: "1.0", id: "1", source: "/s", type: "dev.cdevents.incident.detected.0.2.0",
                                                data: [context: [timestamp: T0.toString()], subject: [id: "i", content: [:]]]]) | [:] || 400 | "/subject/content/service/id"
    "resolve unknown"    | JsonOutput.toJson(cdevent("resolved", "nope", T0))                                           | ["ce-specversion": "1.0", "ce-type": "dev.cdevents.incident.resolved.0.2.0"] || 404 | "nope"
  }

  void "incidents are listed newest first, a page at a time"() {
    when:
    def first = api().get("/api/v1/incidents?limit=1", token("viewer"))
    def next = api().get("/api/v1/incidents?limit=1&cursor=" + first.headers["x-next-cursor"][0], token("qa"))

    then:
    first.body*.id == [ids.locked]
    first.headers["link"][0].contains('rel="next"')
    next.body*.id == [ids.pool]
    !next.headers.containsKey("x-next-cursor")
    api().get("/api/v1/incidents?service=nobody", token("qa")).body == []
    api().get("/api/v1/incidents?limit=0", token("qa")).status == 400
  }

  void "an incident lists exactly the failure modes active during it, with their coverage"() {
    given: 'a test asserts the pool failure, linked to the operation by a mapping rule'
    assert api().call("POST", "/api/v1/test-runs?service=checkout&version=2.0.0", token("pipeline"), JUNIT, "application/xml").status == 201
    assert api().post("/api/v1/scenarios/mapping-rules", token("qa"),
        [kind: "junit", pattern: "CheckoutApiTest", service: "checkout", operation: "POST /checkout"]).status == 201

    when:
    def pool = api().get("/api/v1/incidents/${ids.pool}", token("qa")).body
    def locked = api().get("/api/v1/incidents/${ids.locked}", token("viewer")).body

    then:
    pool.failureModes*.errorClass == ["java.sql.SQLTransientConnectionException"]
    pool.failureModes[0].coverage == "COVERED"
    pool.failureModes[0].covering*.key.any { it.contains("survivesPoolExhaustion") }
    pool.failureModes[0].failures > 0
    pool.uncovered == 0
    locked.failureModes*.errorClass == ["com.example.cart.CartLockedException"]
    locked.failureModes[0].coverage == "TOUCHED"
    locked.uncovered == 1
    api().get("/api/v1/incidents/999999", token("qa")).status == 404
  }

  static final String GATE = """apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: checkout-release
spec:
  slis:
    - name: untested_incident_failures
      source:
        incidents:
          measure: uncovered
          service: \$service
          withinDays: 30
      criteria:
        - absolute:
            pass: "<= 0"
          key: true
    - name: incident_failure_modes
      source:
        incidents:
          measure: failure_modes
          service: \$service
      criteria:
        - absolute:
            pass: "<= 5"
"""

  void "a release of a service whose last incident has an untested failure mode is blocked, and says which incident"() {
    given:
    assert api().call("POST", "/api/v1/gates", token("sre"), GATE, "application/yaml").status == 201

    when:
    def r = api().call("POST", "/api/v1/evaluations?wait=30s&view=full", token("pipeline"), [
        gate  : "checkout-release", start: T1.toString(), end: T1.plus(10, ChronoUnit.MINUTES).toString(),
        target: [service: "checkout", version: "2.1.0"]])
    def slis = r.body.detail.slis.collectEntries { [(it.name): it] }
    def other = api().call("POST", "/api/v1/evaluations?wait=30s&view=full", token("pipeline"), [
        gate  : "checkout-release", start: T1.toString(), end: T1.plus(10, ChronoUnit.MINUTES).toString(),
        target: [service: "payments", version: "1.0.0"]])

    then:
    r.status == 201
    r.body.summary.decision == "FAIL"
    slis.untested_incident_failures.value == 1d
    slis.untested_incident_failures.source.kind == "incidents"
    slis.untested_incident_failures.source.queries.values().any { it.contains("incident ${ids.locked}") && it.contains("1 with no covering test") }
    slis.incident_failure_modes.value == 1d
    other.body.summary.decision == "PASS"
    other.body.detail.slis.find { it.name == "untested_incident_failures" }.source.queries.values().any { it.contains(": none") }
  }

  void "the incident page shows the failure modes by coverage, redacted for qa"() {
    when:
    def cookie = UiSession.signIn(server.URI, token("qa")).cookie
    def list = api().call("GET", "/ui/incidents", null, null, "text/plain", [Cookie: cookie])
    def one = api().call("GET", "/ui/incidents/${ids.pool}", null, null, "text/plain", [Cookie: cookie])
    def locked = api().call("GET", "/ui/incidents/${ids.locked}", null, null, "text/plain", [Cookie: cookie])

    then:
    list.status == 200
    list.text.contains("Checkout pool exhausted")
    one.status == 200
    one.text.contains('id="modes-covered"')
    !one.text.contains('id="modes-uncovered"')
    one.text.contains("survivesPoolExhaustion")
    locked.text.contains('id="modes-touched"')
    locked.text.contains("CartLockedException")
    api().call("GET", "/ui/incidents/nope", null, null, "text/plain", [Cookie: cookie]).status == 404
  }
}

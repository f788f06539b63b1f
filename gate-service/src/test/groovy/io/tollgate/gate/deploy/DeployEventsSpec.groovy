package io.tollgate.gate.deploy

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import io.cloudevents.core.builder.CloudEventBuilder
import io.cloudevents.core.provider.EventFormatProvider
import io.cloudevents.http.HttpMessageFactory
import io.cloudevents.jackson.JsonFormat
import io.cloudevents.kafka.CloudEventSerializer
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.ApiClient
import io.tollgate.gate.UiSession
import io.tollgate.gate.demo.SyntheticTraffic
import io.tollgate.gate.events.Loopback
import io.tollgate.rules.model.Binding
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.concurrent.atomic.AtomicReference
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.common.serialization.ByteArraySerializer
import org.apache.kafka.common.serialization.StringSerializer
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Deploy events start exactly the gates bound to the service, in post-deploy mode: CDEvents sent as
 * the CloudEvents SDK writes them over HTTP (binary and structured mode) and through a real Kafka
 * broker, and plain POST /api/v1/deployments. Spans of the deployed version arrive through Kafka and
 * ingest; a version that raises errors gets a rollback recommendation (and the chat message), a
 * healthy one is promoted. Records nobody takes go to the dead-letter topic, the consumer goes on.
 */
@MicronautTest
@Stepwise
class DeployEventsSpec extends Specification implements TestPropertyProvider {
  static final String CDEVENTS = "cdevents"
  static final String DEAD = "cdevents_dead_letter"

  static String gate(String name, String bindings) {
    """apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: $name
spec:
${bindings}
  slis:
    - name: error_ratio
      source:
        traces:
          service: \$service
          measure: error_ratio
      criteria:
        - absolute:
            pass: "<= 0.02"
          key: true
"""
  }

  static final String CHECKOUT_WATCH = gate("checkout-watch", """  bindings:
    - trigger: deploy
      services: [checkout]
      environment: production
      watch: 12s
      every: 5s""")
  static final String PAYMENTS_WATCH = gate("payments-watch", """  bindings:
    - trigger: deploy
      services: [payments]
      watch: 12s
      every: 5s
    - trigger: schedule
      services: [payments]
      every: 1h
      watch: 1h""")
  static final String UNBOUND = gate("unbound", "")
  static final String FLAGGED = gate("checkout-flag", """  bindings:
    - trigger: flag
      services: [checkout]
      flag: new-checkout
      watch: 10s
      every: 5s""")

  static final String ORDERS_HISTORY = """apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: orders-history
spec:
  bindings:
    - trigger: deploy
      services: [orders]
      watch: 10s
      every: 5s
  slis:
    - name: error_ratio
      source:
        traces:
          service: \$service
          measure: error_ratio
      criteria:
        - vsHistory: {runs: 3, minRuns: 1, aggregate: median, mode: delta, pass: "<= 0.05"}
          key: true
"""

  @Shared KafkaFixture kafka
  @Shared Loopback hooks
  @Shared Map<String, String> tokens = [:]
  @Shared Map<String, Object> ids = [:]

  @Inject EmbeddedServer server
  @Inject BindingStore bindingStore
  @Inject ScheduleRunner schedules

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    kafka.createTopic("otlp_spans", 3)
    kafka.createTopic("otlp_metrics", 1)
    kafka.createTopic("otlp_dead_letter", 1)
    kafka.createTopic(CDEVENTS, 2)
    kafka.createTopic(DEAD, 1)
    hooks = new Loopback()
    [
        "tollgate.ingest.enabled"                 : "true",
        "tollgate.ingest.bootstrap-servers"       : kafka.bootstrapServers(),
        "tollgate.ingest.batch-interval"          : "200ms",
        "tollgate.evaluations.poll-interval"      : "200ms",
        "tollgate.cdevents.kafka.topic"           : CDEVENTS,
        "tollgate.cdevents.kafka.retry-backoff"   : "100ms",
        "tollgate.events.public-url"              : "https://tollgate.example.com/",
        "tollgate.events.poll-interval"           : "100ms",
        "tollgate.events.webhooks[0].name"        : "chat",
        "tollgate.events.webhooks[0].url"         : hooks.uri("/slack").toString(),
        "tollgate.events.webhooks[0].format"      : "slack",
    ]
  }

  def cleanupSpec() {
    hooks?.close()
    kafka?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "d-$role", role: role]).body.token }
  }

  /** Spans of one version of a service, through the real broker, ending just after {@code at}. */
  void traffic(SyntheticTraffic.Profile profile, Instant at) {
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans",
          new SyntheticTraffic(profile.hashCode()).batch(profile, "POST", "/checkout", 400, at.plusSeconds(2)).toByteArray())).get()
    }
  }

  /** A CDEvent as the CDEvents spec's examples and Java SDK write it (context, subject, content). */
  static Map cdevent(String predicate, String service, String artifact, Instant at, String env = "production",
                     Map custom = null) {
    def e = [context: [version: "0.4.1", id: UUID.randomUUID().toString(), source: "/argocd/prod",
                       type: "dev.cdevents.service.${predicate}.0.2.0".toString(), timestamp: at.toString()],
             subject: [id: "service/$service".toString(), source: "/argocd/prod", type: "service",
                       content: [environment: [id: env, source: "/clusters/prod"], artifactId: artifact]]]
    if (custom) {
      e.customData = custom
      e.customDataContentType = "application/json"
    }
    e
  }

  /** Sends a CDEvent in binary mode, written by the CloudEvents SDK's HTTP writer. */
  Map sendBinary(Map cdevent, String token) {
    def event = CloudEventBuilder.v1()
        .withId(cdevent.context.id).withSource(URI.create(cdevent.context.source))
        .withType(cdevent.context.type).withTime(Instant.parse(cdevent.context.timestamp).atOffset(java.time.ZoneOffset.UTC))
        .withData("application/json", JsonOutput.toJson(cdevent).bytes).build()
    def request = HttpRequest.newBuilder(server.URI.resolve("/api/v1/events/cdevents"))
        .header("Authorization", "Bearer $token")
    def out = new ByteArrayOutputStream()
    HttpMessageFactory.createWriter({ k, v -> request.header(k, v) }, { b -> out.write(b) }).writeBinary(event)
    def response = HttpClient.newHttpClient().send(request.POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString())
    [status: response.statusCode(), body: response.body() ? new JsonSlurper().parseText(response.body()) : null]
  }

  /** Sends a CDEvent in structured mode, serialized by the CloudEvents SDK's JSON format. */
  Map sendStructured(Map cdevent, String token) {
    def event = CloudEventBuilder.v1()
        .withId(cdevent.context.id).withSource(URI.create(cdevent.context.source))
        .withType(cdevent.context.type).withData("application/json", JsonOutput.toJson(cdevent).bytes).build()
    byte[] bytes = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).serialize(event)
    api().call("POST", "/api/v1/events/cdevents", token, new String(bytes, "UTF-8"), JsonFormat.CONTENT_TYPE)
  }

  Map awaitWatches(long changeId, Closure<Boolean> done) {
    def change = new AtomicReference<Map>()
    new PollingConditions(timeout: 60, delay: 0.5).eventually {
      change.set(api().get("/api/v1/changes/$changeId", token("viewer")).body)
      assert done(change.get())
    }
    change.get()
  }

  void "gates are bound in their YAML and through the API, and list their bindings"() {
    when:
    [CHECKOUT_WATCH, PAYMENTS_WATCH, UNBOUND, FLAGGED, gate("checkout-api", "")].each {
      assert api().call("POST", "/api/v1/gates", token("sre"), it, "application/yaml").status in [200, 201]
    }
    def added = api().post("/api/v1/gates/checkout-api/bindings", token("sre"),
        [trigger: "deploy", services: ["checkout", "search"], watch: "12s", every: "5s"])
    def listed = api().get("/api/v1/gates/checkout-watch/bindings", token("viewer"))
    def payments = api().get("/api/v1/gates/payments-watch/bindings", token("qa")).body

    then:
    added.status == 201
    added.body*.service == ["checkout", "search"]
    added.body*.watch == ["12s", "12s"]
    added.body.every { it.origin == "API" && it.trigger == "DEPLOY" && it.environment == "production" }
    listed.status == 200
    listed.body.size() == 1
    listed.body[0].origin == "YAML"
    listed.body[0].service == "checkout"
    listed.body[0].watch == "12s"
    listed.body[0].every == "5s"
    payments*.trigger as Set == ["DEPLOY", "SCHEDULE"] as Set
    payments.find { it.trigger == "SCHEDULE" }.nextRunAt != null
    api().get("/api/v1/gates/unbound/bindings", token("viewer")).body == []
  }

  void "the gate page lists its bindings"() {
    when:
    def cookie = UiSession.signIn(server.URI, token("viewer")).cookie
    def page = api().call("GET", "/ui/gates/checkout-api", null, null, "text/plain", [Cookie: cookie])
    def unbound = api().call("GET", "/ui/gates/unbound", null, null, "text/plain", [Cookie: cookie])

    then:
    page.status == 200
    page.text.contains('id="bindings"')
    page.text.contains("<td>search</td>")
    page.text.contains("12s / 5s")
    unbound.text.contains('id="no-bindings"')
  }

  void "a new gate version replaces its YAML bindings; API bindings stay"() {
    when:
    def v2 = CHECKOUT_WATCH.replace("services: [checkout]", "services: [checkout, cart]")
    assert api().call("POST", "/api/v1/gates", token("sre"), v2, "application/yaml").status in [200, 201]
    def listed = api().get("/api/v1/gates/checkout-watch/bindings", token("viewer")).body
    assert api().call("POST", "/api/v1/gates", token("sre"), CHECKOUT_WATCH, "application/yaml").status in [200, 201]

    then:
    listed*.service == ["checkout", "cart"]
    api().get("/api/v1/gates/checkout-watch/bindings", token("viewer")).body*.service == ["checkout"]
    api().get("/api/v1/gates/checkout-api/bindings", token("viewer")).body.size() == 2
  }

  void "bad bindings are refused with where: #why"() {
    when:
    def r = body instanceof String && body.startsWith("apiVersion")
        ? api().call("POST", "/api/v1/gates", token("sre"), body, "application/yaml")
        : api().call("POST", "/api/v1/gates/checkout-api/bindings", token("sre"), body)

    then:
    r.status == status
    r.type.contains("application/problem+json")
    r.text.contains(says)

    where:
    why                      | body                                                              || status | says
    "unknown trigger"        | [trigger: "push", services: ["a"]]                                || 400    | "trigger"
    "no services"            | [trigger: "deploy"]                                               || 400    | "services"
    "every past watch"       | [trigger: "deploy", services: ["a"], watch: "1m", every: "5m"]    || 400    | "'every' must not be longer than 'watch'"
    "watch too long"         | [trigger: "deploy", services: ["a"], watch: "2d"]                 || 400    | "between 5s and 24h"
    "cron on a deploy"       | [trigger: "deploy", services: ["a"], cron: "0 * * * *"]           || 400    | "'cron' belongs to"
    "schedule without every" | [trigger: "schedule", services: ["a"]]                            || 400    | "every"
    "bad cron"               | [trigger: "schedule", services: ["a"], cron: "every hour"]        || 400    | "five fields"
    "unknown key"            | [trigger: "deploy", services: ["a"], sevrices: ["b"]]             || 400    | "sevrices"
    "not JSON"               | "{"                                                               || 400    | ""
    "in the YAML"            | gate("bad-binding", "  bindings:\n    - trigger: deploy\n      services: []") || 422 | "names no service"
  }

  void "a healthy deployment sent as a binary-mode CloudEvent starts exactly the bound gates and is promoted"() {
    given:
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS)
    traffic(SyntheticTraffic.Profile.healthy("checkout", "1.0.0", "stable"), at)

    when:
    def r = sendBinary(cdevent("deployed", "checkout", "pkg:oci/checkout@sha256%3A0b31b1c0?repository_url=registry.example.com/shop/checkout&tag=1.0.0", at),
        token("pipeline"))
    ids.healthy = r.body.id

    then:
    r.status == 201
    r.body.service == "checkout"
    r.body.version == "1.0.0"
    r.body.environment == "production"
    r.body.kind == "deployed"
    r.body.watches*.gate == ["checkout-api", "checkout-watch"]
    r.body.watches.every { it.evaluationId != null && it.recommendation == "continue" }

    when:
    def change = awaitWatches(r.body.id as long) { c -> c.watches.every { it.status == "DONE" } }
    def evaluation = api().get("/api/v1/evaluations/${change.watches[1].evaluationId}", token("viewer")).body

    then:
    change.watches.every { it.outcome == "PASS" && it.recommendation == "promote" }
    evaluation.gate == "checkout-watch"
    evaluation.service == "checkout"
    evaluation.version == "1.0.0"
    evaluation.decision == "PASS"
  }

  void "the same event again starts nothing"() {
    when:
    def first = api().get("/api/v1/changes/${ids.healthy}", token("viewer")).body
    def again = api().get("/api/v1/changes?service=checkout", token("viewer")).body

    then:
    again*.id == [ids.healthy]
    first.watches.size() == 2
  }

  void "a deployment that raises errors, sent in structured mode, is recommended for rollback, with a chat message"() {
    given:
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS)
    traffic(SyntheticTraffic.Profile.healthy("checkout", "1.1.0", "stable")
        .withErrors(0.30, "java.lang.IllegalStateException", "cart service unavailable"), at)

    when:
    def r = sendStructured(cdevent("upgraded", "checkout", "pkg:oci/checkout@1.1.0", at, "production", [previousVersion: "1.0.0"]),
        token("sre"))
    def change = awaitWatches(r.body.id as long) { c -> c.watches.every { it.status == "DONE" } }
    def watch = change.watches.find { it.gate == "checkout-watch" }

    then:
    r.status == 201
    r.body.previousVersion == "1.0.0"
    r.body.kind == "upgraded"
    change.watches.every { it.outcome == "FAIL" && it.recommendation == "rollback" }

    when:
    def found = new AtomicReference<Map>()
    new PollingConditions(timeout: 20).eventually {
      found.set(hooks.at("/slack").collect { new JsonSlurper().parse(it.body) }
          .find { it.text.contains("evaluation ${watch.evaluationId})") } as Map)
      assert found.get()
    }
    def message = found.get()

    then:
    message.text.contains("ROLL BACK")
    message.text.contains("checkout 1.1.0")
    message.text.contains("https://tollgate.example.com/ui/decisions/${watch.evaluationId}")
  }

  void "post-deploy judges each version against the earlier versions' watches: #version"() {
    given:
    if (version == "1.0.0") {
      assert api().call("POST", "/api/v1/gates", token("sre"), ORDERS_HISTORY, "application/yaml").status == 201
    }
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS)
    traffic(SyntheticTraffic.Profile.healthy("orders", version, "stable").withErrors(errors, "java.io.IOException", "reset"), at)

    when:
    def r = api().post("/api/v1/deployments", token("pipeline"),
        [service: "orders", version: version, environment: "production", at: at.toString()])
    def change = awaitWatches(r.body.id as long) { c -> c.watches.every { it.status == "DONE" } }

    then:
    change.watches*.gate == ["orders-history"]
    change.watches[0].outcome == outcome
    change.watches[0].recommendation == recommendation

    where:
    version | errors || outcome        | recommendation
    "1.0.0" | 0.005  || "INCONCLUSIVE" | "continue"
    "1.0.1" | 0.005  || "PASS"         | "promote"
    "1.1.0" | 0.30   || "FAIL"         | "rollback"
  }

  void "POST /api/v1/deployments starts the bound gates of tools without CDEvents; bad ones are 4xx"() {
    when:
    def r = api().post("/api/v1/deployments", token("pipeline"),
        [service: "search", version: "3.0.0", environment: "production", previousVersion: "2.9.0", id: "deploy-77"])
    def again = api().post("/api/v1/deployments", token("pipeline"),
        [service: "search", version: "3.0.0", environment: "production", previousVersion: "2.9.0", id: "deploy-77"])
    def staging = api().post("/api/v1/deployments", token("pipeline"),
        [service: "search", version: "3.0.1", environment: "staging"])

    then:
    r.status == 201
    r.headers["location"][0] == "/api/v1/changes/${r.body.id}"
    r.body.watches*.gate == ["checkout-api"]
    again.status == 200
    again.body.id == r.body.id
    staging.status == 201
    staging.body.watches == []
    api().post("/api/v1/deployments", token("pipeline"), [service: "search", environment: "production"]).status == 400
    api().post("/api/v1/deployments", token("pipeline"), [service: "s", version: "1", environment: "p", kind: "exploded"]).status == 400
    api().post("/api/v1/deployments", token("pipeline"), [service: "s", version: "1", environment: "p", at: "2099-01-01T00:00:00Z"]).text.contains("future")
    api().post("/api/v1/deployments", token("viewer"), [service: "s", version: "1", environment: "p"]).status == 403
  }

  void "a flag change starts the gates bound to that flag only"() {
    when:
    def on = api().post("/api/v1/flag-changes", token("pipeline"),
        [service: "checkout", flag: "new-checkout", variant: "on", environment: "production"])
    def other = api().post("/api/v1/flag-changes", token("pipeline"),
        [service: "checkout", flag: "dark-mode", variant: "on", environment: "production"])

    then:
    on.status == 201
    on.body.trigger == "FLAG"
    on.body.watches*.gate == ["checkout-flag"]
    other.body.watches == []
    api().post("/api/v1/flag-changes", token("pipeline"), [service: "checkout", flag: "x"]).status == 400

    when:
    def done = awaitWatches(on.body.id as long) { c -> c.watches.every { it.status == "DONE" } }
    def evaluation = api().get("/api/v1/evaluations/${done.watches[0].evaluationId}?view=full", token("viewer")).body

    then: 'the watch judged only the requests served with the new variant'
    !evaluation.detail.slis.isEmpty()
    evaluation.detail.slis*.source.queries.current.every { it.contains("flag.new-checkout=on") }
  }

  void "bad CDEvents over HTTP are 4xx with where: #why"() {
    when:
    def r = api().call("POST", "/api/v1/events/cdevents", token("pipeline"), JsonOutput.toJson(body), "application/cloudevents+json")

    then:
    r.status == status
    r.text.contains(says)

    where:
    why                 | body                                                                                                   || status | says
    "no environment"    | envelope(cdevent("deployed", "checkout", "pkg:oci/checkout@1.2.0", Instant.now(), null))               || 400    | "/subject/content/environment/id"
    "no version"        | envelope(cdevent("deployed", "checkout", "pkg:oci/checkout", Instant.now()))                           || 400    | "/subject/content/artifactId"
    "artifact no purl"  | envelope(cdevent("deployed", "checkout", "checkout-1.2.0.jar", Instant.now()))                         || 400    | "not a package URL"
    "removed is no deploy" | envelope(cdevent("removed", "checkout", "pkg:oci/checkout@1.2.0", Instant.now()))                   || 422    | "is not taken here"
    "incident by a pipeline" | [specversion: "1.0", id: "i", source: "/m", type: "dev.cdevents.incident.detected.0.2.0", data: [subject: [id: "x"]]] || 403 | "sre"
  }

  static Map envelope(Map cdevent) {
    [specversion: "1.0", id: cdevent.context.id, source: cdevent.context.source, type: cdevent.context.type,
     datacontenttype: "application/json", data: cdevent]
  }

  void "deploy and incident events arrive through the Kafka topic; bad records go to the dead-letter topic"() {
    given: 'a consumer of the dead-letter topic'
    def dead = new KafkaConsumer<byte[], byte[]>(kafka.consumerProperties("deploy-events-dead"))
    dead.subscribe([DEAD])
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS)
    def deployed = cdevent("deployed", "payments", "pkg:maven/com.example/payments@4.2.0", at)
    def incident = [context: [version: "0.4.1", id: "inc-ctx-1", source: "/monitoring/prod", type: "dev.cdevents.incident.detected.0.2.0",
                              timestamp: at.toString()],
                    subject: [id: "INC-kafka-1", source: "/monitoring/prod", type: "incident",
                              content: [description: "payments errors", service: [id: "payments"], environment: [id: "production"]]]]

    when: 'binary mode with the CloudEvents Kafka serializer, structured mode as JSON, and junk'
    def binary = CloudEventBuilder.v1().withId(deployed.context.id).withSource(URI.create("/argocd/prod"))
        .withType(deployed.context.type).withData("application/json", JsonOutput.toJson(deployed).bytes).build()
    def props = kafka.producerProperties()
    new KafkaProducer<String, io.cloudevents.CloudEvent>(props, new StringSerializer(), new CloudEventSerializer()).withCloseable { p ->
      p.send(new ProducerRecord(CDEVENTS, "payments", binary)).get()
    }
    new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(), new ByteArraySerializer()).withCloseable { p ->
      p.send(new ProducerRecord(CDEVENTS, "junk".bytes, "{not json".bytes)).get()
      def structured = new ProducerRecord(CDEVENTS, "payments".bytes, JsonOutput.toJson(envelope(incident)).bytes)
      structured.headers().add("content-type", "application/cloudevents+json".bytes)
      p.send(structured).get()
      p.send(new ProducerRecord(CDEVENTS, "other".bytes, JsonOutput.toJson(
          [specversion: "1.0", id: "b1", source: "/ci", type: "dev.cdevents.build.finished.0.2.0", data: [subject: [id: "b"]]]).bytes)).get()
    }

    then: 'the deployment started the payments gate only, the incident exists'
    def got = new AtomicReference<Map>()
    new PollingConditions(timeout: 60, delay: 0.5).eventually {
      got.set(api().get("/api/v1/changes?service=payments", token("viewer")).body[0] as Map)
      assert got.get()?.version == "4.2.0"
      assert api().get("/api/v1/incidents?service=payments", token("viewer")).body*.sourceId == ["INC-kafka-1"]
    }
    def change = got.get()
    change.receivedBy == "kafka:cdevents"
    change.watches*.gate == ["payments-watch"]

    and: 'the two bad records are on the dead-letter topic with the reason'
    List records = []
    new PollingConditions(timeout: 30, delay: 0.2).eventually {
      dead.poll(Duration.ofMillis(200)).each { records << it }
      assert records.size() == 2
    }
    def reasons = records.collect { new String(it.headers().lastHeader("tollgate.error").value(), "UTF-8") }
    reasons.any { it.contains("not valid JSON") }
    reasons.any { it.contains("is not taken here") }
    records.collect { new String(it.headers().lastHeader("tollgate.error.status").value()) } as Set == ["400", "422"] as Set

    cleanup:
    dead?.close()
  }

  void "a due schedule evaluates its gate over the last window, started by one claim only"() {
    given: 'the payments schedule is due'
    def schedule = bindingStore.ofGate("payments-watch").find { it.trigger() == Binding.Trigger.SCHEDULE }
    assert bindingStore.claim(schedule.id(), schedule.nextRunAt(), Instant.now().minusSeconds(1))
    def before = api().get("/api/v1/evaluations?gate=payments-watch", token("viewer")).body*.id

    when:
    int first = schedules.runDue()
    int second = schedules.runDue()
    def started = api().get("/api/v1/evaluations?gate=payments-watch", token("viewer")).body.findAll { !(it.id in before) }
    def moved = bindingStore.ofGate("payments-watch").find { it.trigger() == Binding.Trigger.SCHEDULE }

    then:
    first == 1
    second == 0
    started.size() == 1
    started[0].service == "payments"
    moved.nextRunAt().isAfter(Instant.now().plus(Duration.ofMinutes(59)))
  }

  void "an incident is resolved through the API"() {
    when:
    def id = api().get("/api/v1/incidents?service=payments", token("viewer")).body[0].id
    def resolved = api().post("/api/v1/incidents/$id/resolve", token("sre"), [resolvedAt: Instant.now().toString()])
    def early = api().post("/api/v1/incidents/$id/resolve", token("sre"), [resolvedAt: "2000-01-01T00:00:00Z"])

    then:
    resolved.status == 200
    resolved.body.resolvedAt != null
    early.status == 400
    early.text.contains("/resolvedAt")
    api().post("/api/v1/incidents/999999/resolve", token("sre"), [:]).status == 404
    api().post("/api/v1/incidents/$id/resolve", token("pipeline"), [:]).status == 403
  }
}

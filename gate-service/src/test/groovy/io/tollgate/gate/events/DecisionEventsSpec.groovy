package io.tollgate.gate.events

import groovy.json.JsonSlurper
import io.cloudevents.CloudEvent
import io.cloudevents.core.message.MessageReader
import io.cloudevents.http.HttpMessageFactory
import io.cloudevents.kafka.KafkaMessageFactory
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.ApiClient
import io.tollgate.testsupport.FreePort
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import org.apache.kafka.clients.consumer.ConsumerRecord
import org.apache.kafka.clients.consumer.KafkaConsumer
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Decisions and overrides out as CloudEvents, through a real Kafka broker (in-JVM KRaft) and real
 * HTTP webhooks on loopback; events are read back with the CloudEvents SDK's own readers.
 */
@MicronautTest
class DecisionEventsSpec extends Specification implements TestPropertyProvider {
  static final String TOPIC = "tollgate.decisions"
  static final String SECRET = "webhook-secret-0123"
  static final String SMOKE_GATE = '''apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: smoke-events
spec:
  slis:
    - name: pass_ratio
      source:
        testrun:
          measure: pass_ratio
      criteria:
        - absolute:
            pass: ">= 0.99"
'''
  static final String PASSING = '<testsuite name="smoke">' +
      (1..20).collect { "<testcase classname=\"Smoke\" name=\"t$it\" time=\"0.1\"/>" }.join() + '</testsuite>'
  static final String FAILING = '<testsuite name="smoke">' +
      (1..20).collect { "<testcase classname=\"Smoke\" name=\"t$it\" time=\"0.1\"><failure message=\"x\"/></testcase>" }.join() + '</testsuite>'

  @Shared KafkaFixture kafka
  @Shared Loopback hooks
  @Shared KafkaConsumer<byte[], byte[]> consumer
  @Shared List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>()
  @Shared Map<String, String> tokens = [:]

  @Inject EmbeddedServer server

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    kafka.createTopic(TOPIC, 2)
    hooks = new Loopback()
    hooks.failFirst["/flaky"] = 2
    hooks.holdFirst["/slow"] = 2_000L
    def down = "http://127.0.0.1:${FreePort.loopback()}/gone"
    [
        "tollgate.evaluations.poll-interval"      : "200ms",
        "tollgate.events.public-url"              : "https://tollgate.example.com/",
        "tollgate.events.poll-interval"           : "100ms",
        "tollgate.events.initial-backoff"         : "200ms",
        "tollgate.events.max-backoff"             : "1s",
        "tollgate.events.max-attempts"            : "4",
        "tollgate.events.kafka.topic"             : TOPIC,
        "tollgate.events.kafka.bootstrap-servers" : kafka.bootstrapServers(),
        "tollgate.events.webhooks[0].name"        : "flaky",
        "tollgate.events.webhooks[0].url"         : hooks.uri("/flaky").toString(),
        "tollgate.events.webhooks[0].secret"      : SECRET,
        "tollgate.events.webhooks[1].name"        : "structured",
        "tollgate.events.webhooks[1].url"         : hooks.uri("/structured").toString(),
        "tollgate.events.webhooks[1].mode"        : "structured",
        "tollgate.events.webhooks[2].name"        : "slow",
        "tollgate.events.webhooks[2].url"         : hooks.uri("/slow").toString(),
        "tollgate.events.webhooks[2].timeout"     : "500ms",
        "tollgate.events.webhooks[3].name"        : "chat",
        "tollgate.events.webhooks[3].url"         : hooks.uri("/slack").toString(),
        "tollgate.events.webhooks[3].format"      : "slack",
        "tollgate.events.webhooks[4].name"        : "down",
        "tollgate.events.webhooks[4].url"         : down,
        "tollgate.events.webhooks[4].timeout"     : "1s",
        "tollgate.events.webhooks[5].name"        : "teams",
        "tollgate.events.webhooks[5].url"         : hooks.uri("/teams").toString(),
        "tollgate.events.webhooks[5].format"      : "teams",
    ]
  }

  def setupSpec() {
    consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumerProperties("decision-events-spec"))
    consumer.subscribe([TOPIC])
  }

  def cleanupSpec() {
    consumer?.close()
    hooks?.close()
    kafka?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: role, role: role]).body.token }
  }

  def setup() {
    api().call("POST", "/api/v1/gates", token("sre"), SMOKE_GATE, "application/yaml")
  }

  Map decide(String junit, String service) {
    def upload = api().call("POST", "/api/v1/test-runs?service=$service&version=1.2.3", token("pipeline"), junit, "application/xml")
    assert upload.status == 201
    def r = api().post("/api/v1/evaluations?wait=20s", token("pipeline"), [gate: "smoke-events", testRuns: [upload.body.run.id]])
    assert r.body.status == "DONE"
    r.body
  }

  /** The events on the topic for one evaluation, read with the SDK's Kafka reader. */
  List<Map> kafkaEvents(long evaluationId) {
    records.addAll(consumer.poll(Duration.ofMillis(200)))
    records.collect { rec ->
      [record: rec, event: KafkaMessageFactory.createReader(rec).toEvent()]
    }.findAll { data(it.event).evaluationId == evaluationId }
  }

  Map awaitKafka(long evaluationId, String type) {
    new PollingConditions(timeout: 20).eventually {
      assert kafkaEvents(evaluationId).find { it.event.type == type }
    }
    kafkaEvents(evaluationId).find { it.event.type == type }
  }

  /** The log rows of an evaluation's decision event by destination, once the named ones are DELIVERED. */
  Map<String, Map> awaitDelivered(long evaluationId, List<String> destinations) {
    new PollingConditions(timeout: 20).eventually {
      assert destinations.every { decisionRows(evaluationId)[it]?.status == "DELIVERED" }
    }
    decisionRows(evaluationId)
  }

  Map<String, Map> decisionRows(long evaluationId) {
    deliveries(evaluationId).findAll { it.type == "dev.tollgate.decision.v1" }
        .collectEntries { [(it.destination): it] }
  }

  static Map data(CloudEvent e) {
    new JsonSlurper().parse(e.data.toBytes()) as Map
  }

  static CloudEvent httpEvent(Loopback.Received r) {
    MessageReader reader = HttpMessageFactory.createReader(r.headers, r.body)
    reader.toEvent()
  }

  List<Map> deliveries(long evaluationId, String token = token("sre")) {
    api().get("/api/v1/deliveries?evaluation=$evaluationId", token).body as List<Map>
  }

  void "a FAIL decision arrives on the Kafka topic as a binary-mode CloudEvent keyed by the gate"() {
    when:
    def decided = decide(FAILING, "checkout")
    def found = awaitKafka(decided.id as long, "dev.tollgate.decision.v1")
    CloudEvent event = found.event
    ConsumerRecord rec = found.record
    def headers = rec.headers().collectEntries { [(it.key()): new String(it.value(), "UTF-8")] }
    def payload = data(event)

    then: "binary mode: the attributes are ce_ headers, the value is the data"
    headers.ce_specversion == "1.0"
    headers.ce_type == "dev.tollgate.decision.v1"
    headers["content-type"] == "application/json"
    new String(rec.key(), "UTF-8") == "smoke-events"
    new JsonSlurper().parse(rec.value()).evaluationId == decided.id

    and: "a valid CloudEvent 1.0 with the compact decision as data"
    event.specVersion.toString() == "1.0"
    event.id ==~ /[0-9a-f-]{36}/
    event.source.toString() == "/tollgate"
    event.subject == "smoke-events/evaluations/${decided.id}"
    event.time != null
    event.dataContentType == "application/json"
    event.getExtension("tollgateoutcome") == "FAIL"
    payload.gate == "smoke-events"
    payload.gateVersion == 1
    payload.outcome == "FAIL"
    payload.decision == "FAIL"
    payload.service == "checkout"
    payload.reasons.any { it.startsWith("pass_ratio FAIL") }
    payload.links.decision == "https://tollgate.example.com/ui/decisions/${decided.id}"
    payload.links.api == "https://tollgate.example.com/api/v1/evaluations/${decided.id}"

    and: "the delivery log shows it delivered once"
    new PollingConditions(timeout: 10).eventually {
      def kafkaRow = deliveries(decided.id as long).find { it.destination == "kafka" }
      assert kafkaRow.status == "DELIVERED"
      assert kafkaRow.attempts == 1
      assert kafkaRow.eventId == event.id
    }
  }

  void "a webhook that answers 500 is retried with backoff until it accepts, and the log shows the attempts"() {
    when:
    def decided = decide(FAILING, "payments")
    def row = awaitDelivered(decided.id as long, ["webhook:flaky"])["webhook:flaky"]
    def received = hooks.at("/flaky").findAll { it.eventId == row.eventId }

    then: "three attempts of one event: 500, 500, 200"
    row.attempts == 3
    row.lastStatus == 200
    row.lastError == null
    received.size() == 3
    received*.headers["ce-id"].unique() == [row.eventId]

    and: "each is a binary-mode CloudEvent the SDK reads, signed with the webhook's secret"
    received.every { httpEvent(it).type == "dev.tollgate.decision.v1" }
    received.every { it.headers["x-tollgate-signature"] == "sha256=" + hmac(it.body) }
    data(httpEvent(received[0])).evaluationId == decided.id
  }

  void "a webhook that does not answer in time is retried, and the structured mode sends the event as JSON"() {
    when:
    def decided = decide(FAILING, "search")
    def rows = awaitDelivered(decided.id as long, ["webhook:slow", "webhook:structured"])
    def structured = hooks.at("/structured").find { it.eventId == rows["webhook:structured"].eventId }

    then:
    rows["webhook:slow"].attempts == 2
    rows["webhook:structured"].attempts == 1
    structured.headers["content-type"].startsWith("application/cloudevents+json")
    new JsonSlurper().parse(structured.body).specversion == "1.0"
    new JsonSlurper().parse(structured.body).data.evaluationId == decided.id
    httpEvent(structured).type == "dev.tollgate.decision.v1"

    and: "the sample in docs/integrations.md has the shape of the event as received"
    def sample = documentedSample()
    def real = new JsonSlurper().parse(structured.body) as Map
    real.keySet() == sample.keySet()
    sample.data.keySet().containsAll(real.data.keySet())
    real.data.links.keySet() == sample.data.links.keySet()
  }

  static Map documentedSample() {
    def doc = java.nio.file.Path.of("../docs/integrations.md").text
    def m = doc =~ /(?s)A FAIL as the `deploy-bot` webhook receives it \(structured mode\):\n\n```json\n(.*?)\n```/
    assert m.find()
    new JsonSlurper().parseText(m.group(1)) as Map
  }

  void "a FAIL goes to the Slack webhook as a message with the decision link; a PASS does not"() {
    when:
    def failed = decide(FAILING, "cart")
    def passed = decide(PASSING, "cart")
    new PollingConditions(timeout: 20).eventually {
      assert deliveries(failed.id as long).find { it.destination == "webhook:chat" }?.status == "DELIVERED"
      assert deliveries(failed.id as long).find { it.destination == "webhook:teams" }?.status == "DELIVERED"
      assert deliveries(passed.id as long).find { it.destination == "kafka" }?.status == "DELIVERED"
    }
    def message = hooks.at("/slack").collect { new JsonSlurper().parse(it.body) }
        .find { it.text.contains("evaluation ${failed.id})") }

    then:
    passed.decision == "PASS"
    !deliveries(passed.id as long).any { it.destination == "webhook:chat" }
    message.text.contains("FAIL")
    message.text.contains("https://tollgate.example.com/ui/decisions/${failed.id}")
    message.blocks*.type == ["section", "section", "context"]
    message.blocks[1].text.text.contains("pass_ratio FAIL")
    message.blocks[2].elements[0].text.contains("<https://tollgate.example.com/ui/decisions/${failed.id}|")

    and: "Teams gets a text message with the reasons and a Markdown link"
    def teams = hooks.at("/teams").collect { new JsonSlurper().parse(it.body) as Map }
        .find { it.text.contains("evaluation ${failed.id})") }
    teams.keySet() == ["text"] as Set
    teams.text.contains("- pass_ratio FAIL")
    teams.text.contains("[Open the decision](https://tollgate.example.com/ui/decisions/${failed.id})")
    !hooks.at("/teams").any { new String(it.body, "UTF-8").contains("evaluation ${passed.id})") }

    and: "the attempts are counted in the metrics"
    def metrics = api().get("/metrics").text
    metrics =~ /tollgate_event_deliveries_total\{destination="webhook:chat",result="delivered"\} [1-9]/
    metrics =~ /tollgate_event_deliveries_total\{destination="kafka",result="delivered"\} [1-9]/
    metrics.contains("tollgate_event_deliveries_pending")
    metrics.contains("tollgate_event_delivery_seconds")
  }

  void "a webhook that is down neither delays nor changes the decision, and its delivery fails after bounded attempts"() {
    when:
    long start = System.nanoTime()
    def decided = decide(FAILING, "inventory")
    double seconds = (System.nanoTime() - start) / 1e9

    then:
    decided.decision == "FAIL"
    seconds < 10

    and:
    new PollingConditions(timeout: 20).eventually {
      def rows = deliveries(decided.id as long).collectEntries { [(it.destination): it] }
      assert rows["webhook:down"].status == "FAILED"
      assert rows["webhook:down"].attempts == 4
      assert rows["webhook:down"].lastError.contains("gave up after 4 attempts")
      assert rows["kafka"].status == "DELIVERED"
    }
    api().get("/api/v1/evaluations/${decided.id}", token("pipeline")).body.decision == "FAIL"
  }

  void "an override is published as its own event, with the decision it sets"() {
    given:
    def decided = decide(FAILING, "orders")

    when:
    def r = api().post("/api/v1/evaluations/${decided.id}/override", token("sre"),
        [outcome: "PASS", reason: "known flaky sandbox, INC-42"])
    def found = awaitKafka(decided.id as long, "dev.tollgate.override.v1")
    def payload = data(found.event)

    then:
    r.status == 200
    payload.outcome == "FAIL"
    payload.decision == "PASS"
    payload.override.outcome == "PASS"
    payload.override.reason == "known flaky sandbox, INC-42"
    payload.override.by == "sre"
    payload.reasons[0].startsWith("override PASS by sre")

    when: "the override is cleared"
    api().call("DELETE", "/api/v1/evaluations/${decided.id}/override", token("sre"))
    new PollingConditions(timeout: 20).eventually {
      assert kafkaEvents(decided.id as long).count { it.event.type == "dev.tollgate.override.v1" } == 2
    }
    def cleared = data(kafkaEvents(decided.id as long).findAll { it.event.type == "dev.tollgate.override.v1" }
        .max { it.event.time }.event)

    then: "its event says so, and the decision in force is the judge's again"
    cleared.override.outcome == null
    cleared.override.by == "sre"
    cleared.decision == "FAIL"
    cleared.reasons[0].startsWith("override cleared by sre")

    and: "the chat webhook takes decisions only"
    new PollingConditions(timeout: 10).eventually {
      def rows = deliveries(decided.id as long).findAll { it.type == "dev.tollgate.override.v1" }
      assert rows*.destination.toSet() == ["kafka", "webhook:flaky", "webhook:structured", "webhook:slow", "webhook:down"].toSet()
    }
  }

  void "the delivery log is for admins and SREs, paged, and says what is wrong with a bad filter"() {
    given:
    decide(FAILING, "paging")

    expect:
    api().get("/api/v1/deliveries", token("viewer")).status == 403
    api().get("/api/v1/deliveries", token("pipeline")).status == 403
    api().get("/api/v1/deliveries", ADMIN).status == 200

    when:
    def first = api().get("/api/v1/deliveries?limit=2", token("sre"))
    def cursor = first.headers["X-Next-Cursor"]?.getAt(0) ?: first.headers["x-next-cursor"][0]
    def second = api().get("/api/v1/deliveries?limit=2&cursor=$cursor", token("sre"))
    def bad = api().get("/api/v1/deliveries?status=SENT", token("sre"))
    def badId = api().get("/api/v1/deliveries?evaluation=abc", token("sre"))

    then:
    first.body.size() == 2
    second.body.size() == 2
    (first.body*.id + second.body*.id).toSet().size() == 4
    first.body[0].id > first.body[1].id
    second.body[0].id < first.body[1].id
    bad.status == 400
    bad.type.startsWith("application/problem+json")
    bad.body.detail.contains("status must be PENDING, DELIVERED or FAILED")
    badId.status == 400
    badId.body.detail.contains("evaluation must be an evaluation id")
  }

  static String hmac(byte[] body) {
    Mac mac = Mac.getInstance("HmacSHA256")
    mac.init(new SecretKeySpec(SECRET.getBytes("UTF-8"), "HmacSHA256"))
    mac.doFinal(body).encodeHex().toString()
  }
}

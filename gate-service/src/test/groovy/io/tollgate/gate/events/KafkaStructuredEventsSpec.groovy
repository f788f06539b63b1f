package io.tollgate.gate.events

import groovy.json.JsonSlurper
import io.cloudevents.kafka.KafkaMessageFactory
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.ApiClient
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.time.Duration
import org.apache.kafka.clients.consumer.ConsumerRecord
import org.apache.kafka.clients.consumer.KafkaConsumer
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/** The Kafka binding's structured mode, keyed by evaluation id, on a real broker. */
@MicronautTest
class KafkaStructuredEventsSpec extends Specification implements TestPropertyProvider {
  static final String TOPIC = "tollgate.decisions.structured"

  @Shared KafkaFixture kafka
  @Inject EmbeddedServer server

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    kafka.createTopic(TOPIC, 1)
    ["tollgate.evaluations.poll-interval"     : "200ms",
     "tollgate.events.poll-interval"          : "100ms",
     "tollgate.events.kafka.topic"            : TOPIC,
     "tollgate.events.kafka.bootstrap-servers": kafka.bootstrapServers(),
     "tollgate.events.kafka.mode"             : "structured",
     "tollgate.events.kafka.key"              : "evaluation"]
  }

  def cleanupSpec() {
    kafka?.close()
  }

  void "a decision is one JSON CloudEvent in the record value, keyed by its evaluation id"() {
    given:
    def api = new ApiClient(server.URI)
    def sre = api.post("/api/v1/tokens", ADMIN, [name: "sre", role: "sre"]).body.token
    def pipeline = api.post("/api/v1/tokens", ADMIN, [name: "p", role: "pipeline"]).body.token
    api.call("POST", "/api/v1/gates", sre, DecisionEventsSpec.SMOKE_GATE, "application/yaml")
    def run = api.call("POST", "/api/v1/test-runs?service=shop", pipeline, DecisionEventsSpec.PASSING, "application/xml").body.run.id
    def decided = api.post("/api/v1/evaluations?wait=20s", pipeline, [gate: "smoke-events", testRuns: [run]]).body
    def consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumerProperties("structured-spec"))
    consumer.subscribe([TOPIC])
    List<ConsumerRecord<byte[], byte[]>> records = []

    when:
    new PollingConditions(timeout: 20).eventually {
      records.addAll(consumer.poll(Duration.ofMillis(200)))
      assert !records.isEmpty()
    }
    def rec = records[0]
    def headers = rec.headers().collectEntries { [(it.key()): new String(it.value(), "UTF-8")] }
    def json = new JsonSlurper().parse(rec.value())
    def event = KafkaMessageFactory.createReader(rec).toEvent()

    then:
    decided.decision == "PASS"
    new String(rec.key(), "UTF-8") == decided.id.toString()
    headers["content-type"].startsWith("application/cloudevents+json")
    !headers.keySet().any { it.startsWith("ce_") }
    json.specversion == "1.0"
    json.type == "dev.tollgate.decision.v1"
    json.data.outcome == "PASS"
    event.id == json.id
    new JsonSlurper().parse(event.data.toBytes()).evaluationId == decided.id

    cleanup:
    consumer?.close()
  }
}

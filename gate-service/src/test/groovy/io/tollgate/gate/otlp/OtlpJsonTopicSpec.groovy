package io.tollgate.gate.otlp

import com.fasterxml.jackson.databind.ObjectMapper
import com.google.protobuf.util.JsonFormat
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.tollgate.gate.ApiClient
import io.tollgate.ingest.otlp.OtlpDecoder
import io.tollgate.ingest.otlp.OtlpEncoding
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.time.Duration
import java.time.Instant
import java.util.HexFormat
import org.apache.kafka.clients.consumer.ConsumerRecord
import org.apache.kafka.clients.consumer.KafkaConsumer
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN
import static io.tollgate.gate.otlp.OtlpWire.*

/**
 * With ingest reading {@code otlp_json} (the Collector's Kafka exporter set to that encoding), the
 * receiver writes OTLP/JSON records as that exporter does: null key, no headers, hex ids, enums as
 * integers; and ingest counts them.
 */
@MicronautTest
class OtlpJsonTopicSpec extends Specification implements TestPropertyProvider {
  @Shared KafkaFixture kafka

  @Inject EmbeddedServer server
  @Inject AggregateReader reader

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    kafka.createTopic("json_spans", 1)
    kafka.createTopic("otlp_metrics", 1)
    kafka.createTopic("otlp_dead_letter", 1)
    ["tollgate.ingest.enabled"          : "true",
     "tollgate.ingest.bootstrap-servers": kafka.bootstrapServers(),
     "tollgate.ingest.span-topics"      : "json_spans",
     "tollgate.ingest.encoding"         : "otlp_json",
     "tollgate.ingest.batch-interval"   : "200ms"]
  }

  def cleanupSpec() {
    kafka?.close()
  }

  List<ConsumerRecord<byte[], byte[]>> records(String topic, int atLeast) {
    def out = []
    new KafkaConsumer<byte[], byte[]>(kafka.consumerProperties("check-${UUID.randomUUID()}")).withCloseable { c ->
      c.subscribe([topic])
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos()
      while (out.size() < atLeast && System.nanoTime() < until) {
        c.poll(Duration.ofMillis(300)).each { out << it }
      }
    }
    out
  }

  void "a protobuf export becomes one OTLP/JSON record on the span topic, which ingest counts"() {
    given:
    def token = new ApiClient(server.URI).post("/api/v1/tokens", ADMIN, [name: "json-topic", role: "pipeline"]).body.token
    ExportTraceServiceRequest sent = handMade("json-topic", 6, 0, System.currentTimeMillis() * 1_000_000L)

    when:
    def r = post(server.URI, "/v1/traces", token, "application/x-protobuf", sent.toByteArray())
    def record = records("json_spans", 1)[0]
    def json = new ObjectMapper().readValue(record.value(), Map)
    def span = json.resourceSpans[0].scopeSpans[0].spans[0]

    then: "as the Collector's otlp_json: no key, no headers, hex ids, integer enums"
    r.statusCode() == 200
    record.key() == null
    record.headers().toArray().length == 0
    span.traceId == HexFormat.of().formatHex(sent.getResourceSpans(0).getScopeSpans(0).getSpans(0).traceId.toByteArray())
    span.spanId == HexFormat.of().formatHex(sent.getResourceSpans(0).getScopeSpans(0).getSpans(0).spanId.toByteArray())
    span.kind == 2

    and: "ingest's decoder reads back exactly what was sent"
    OtlpDecoder.traces(record.value(), OtlpEncoding.OTLP_JSON) == sent

    and:
    new PollingConditions(timeout: 30, delay: 0.2).eventually {
      def now = Instant.now()
      assert reader.operations(new SpanQuery("json-topic", "canary", "GET /stock",
          now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))).sum { it.requests() } == 6
    }
  }

  void "an OTLP/JSON export sent by the SDK's marshaler arrives counted"() {
    given:
    def token = new ApiClient(server.URI).post("/api/v1/tokens", ADMIN, [name: "json-sdk", role: "pipeline"]).body.token
    def body = sdkJson(resource("json-sdk", "2.0.0", "baseline"), 120, 4)

    when:
    def r = post(server.URI, "/v1/traces", token, "application/json", body)

    then:
    r.statusCode() == 200
    new PollingConditions(timeout: 30, delay: 0.2).eventually {
      def now = Instant.now()
      def ops = reader.operations(new SpanQuery("json-sdk", "baseline", "POST /checkout",
          now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))))
      assert ops.sum { it.requests() } == 120
      assert ops.sum { it.errors() } == 4
    }
  }
}

package io.tollgate.gate.otlp

import com.fasterxml.jackson.databind.ObjectMapper
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse
import org.apache.kafka.clients.consumer.KafkaConsumer
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest
import io.opentelemetry.proto.metrics.v1.Gauge
import io.opentelemetry.proto.metrics.v1.Metric
import io.opentelemetry.proto.metrics.v1.NumberDataPoint
import io.opentelemetry.proto.metrics.v1.ResourceMetrics
import io.opentelemetry.proto.metrics.v1.ScopeMetrics
import io.opentelemetry.proto.resource.v1.Resource as ProtoResource
import com.google.protobuf.util.JsonFormat
import io.tollgate.gate.ApiClient
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.time.Duration
import java.time.Instant
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN
import static io.tollgate.gate.otlp.OtlpWire.*

/**
 * OTLP/HTTP in, end to end: the OpenTelemetry Java SDK's own exporters (protobuf and JSON, plain
 * and gzip) send to the running service, which writes to a real Kafka broker, from which the
 * service's real ingest consumer counts into the database. Counts must arrive exactly.
 */
@MicronautTest
class OtlpHttpSpec extends Specification implements TestPropertyProvider {
  @Shared KafkaFixture kafka
  @Shared String pipeline

  @Inject EmbeddedServer server
  @Inject AggregateReader reader

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    kafka.createTopic("otlp_spans", 3)
    kafka.createTopic("otlp_metrics", 1)
    kafka.createTopic("otlp_dead_letter", 1)
    ["tollgate.ingest.enabled"          : "true",
     "tollgate.ingest.bootstrap-servers": kafka.bootstrapServers(),
     "tollgate.ingest.batch-interval"   : "200ms",
     // small records, so that one SDK batch becomes several Kafka records
     "tollgate.otlp.max-record-size"    : "4KB"]
  }

  def cleanupSpec() {
    kafka?.close()
  }

  def setup() {
    if (pipeline == null) {
      pipeline = new ApiClient(server.URI).post("/api/v1/tokens", ADMIN, [name: "otel-sdk", role: "pipeline"]).body.token
    }
  }

  long requests(String service, String track = "canary") {
    def now = Instant.now()
    reader.operations(new SpanQuery(service, track, "POST /checkout", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))))
        .sum { it.requests() } ?: 0
  }

  long errors(String service) {
    def now = Instant.now()
    reader.operations(new SpanQuery(service, "canary", "POST /checkout", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))))
        .sum { it.errors() } ?: 0
  }

  /** Waits until the count reaches {@code expected}, then checks it stays there (nothing doubled). */
  void arrivesExactly(Closure<Long> count, long expected) {
    new PollingConditions(timeout: 30, delay: 0.2).eventually { assert count() >= expected }
    sleep(1000) // one more commit interval: a duplicate would show now
    assert count() == expected
  }

  void "the SDK's span exporter over #label: every span is counted once, with its errors"() {
    given:
    def service = "sdk-$label".replaceAll(/[^a-z0-9]+/, "-")

    when:
    sendSpans(spanExporter(server.URI, pipeline, json, compression), resource(service, "1.0.0", "canary"), 1000, 37)

    then:
    arrivesExactly({ requests(service) }, 1000)
    errors(service) == 37

    where:
    label                | json  | compression
    "protobuf"           | false | "none"
    "protobuf with gzip" | false | "gzip"
    "JSON with gzip"     | true  | "gzip"
  }

  void "OTLP/JSON as the SDK writes it, uncompressed: every span is counted once"() {
    given:
    def body = sdkJson(resource("sdk-json-plain", "1.0.0", "canary"), 500, 11)
    assert new String(body, "UTF-8").contains('"kind":2') // OTLP/JSON: enums as integers

    when:
    def r = post(server.URI, "/v1/traces", pipeline, "application/json", body)

    then:
    r.statusCode() == 200
    new String(r.body(), "UTF-8") == "{}"
    arrivesExactly({ requests("sdk-json-plain") }, 500)
    errors("sdk-json-plain") == 11
  }

  void "the SDK's metric exporter over #label: the counter arrives with its value"() {
    given:
    def service = "sdk-metrics-${json ? 'json' : 'proto'}"

    when:
    sendCounter(metricExporter(server.URI, pipeline, json, json ? "gzip" : "none"), resource(service, "1.0.0", "canary"), "orders", 7, 3)

    then:
    new PollingConditions(timeout: 30, delay: 0.2).eventually {
      def now = Instant.now()
      def minutes = reader.metricMinutes("orders", service, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))
      assert minutes.size() == 1
      assert minutes[0].stats().last() == 21d
      assert minutes[0].series().track() == "canary"
    }

    where:
    label            | json
    "protobuf"       | false
    "JSON with gzip" | true
  }

  void "a payload with some invalid spans is a partial success: the valid ones are written, the rest counted as rejected"() {
    given:
    def request = handMade("partial-proto", 5, 2, System.currentTimeMillis() * 1_000_000L)

    when:
    def r = post(server.URI, "/v1/traces", pipeline, "application/x-protobuf", request.toByteArray())
    def body = ExportTraceServiceResponse.parseFrom(r.body())

    then:
    r.statusCode() == 200
    r.headers().firstValue("Content-Type").get() == "application/x-protobuf"
    body.hasPartialSuccess()
    body.partialSuccess.rejectedSpans == 2
    body.partialSuccess.errorMessage.contains("2 span(s) with an invalid trace_id or span_id")
    arrivesExactly({ stock("partial-proto") }, 5)
    new ApiClient(server.URI).get("/metrics").text =~ /(?m)^tollgate_otlp_items_total\{outcome="rejected",signal="traces"\} [1-9]/
  }

  void "partial success in JSON: the response is OTLP/JSON too"() {
    given:
    def json = JsonFormat.printer().print(handMade("partial-json", 3, 1, System.currentTimeMillis() * 1_000_000L))

    when:
    def r = post(server.URI, "/v1/traces", pipeline, "application/json", json.bytes)
    def body = new ObjectMapper().readValue(r.body(), Map)

    then:
    r.statusCode() == 200
    r.headers().firstValue("Content-Type").get() == "application/json"
    body.partialSuccess.rejectedSpans as long == 1
    body.partialSuccess.errorMessage.contains("invalid trace_id")
  }

  void "the record on the span topic is the export as the Collector's kafka exporter writes it"() {
    given:
    def sent = handMade("raw-record", 2, 0, System.currentTimeMillis() * 1_000_000L)

    when:
    def r = post(server.URI, "/v1/traces", pipeline, "application/x-protobuf", sent.toByteArray())
    def found = []
    new KafkaConsumer<byte[], byte[]>(kafka.consumerProperties("raw-record")).withCloseable { c ->
      c.subscribe(["otlp_spans"])
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos()
      while (found.isEmpty() && System.nanoTime() < until) {
        found.addAll(c.poll(Duration.ofMillis(300)).findAll {
          ExportTraceServiceRequest.parseFrom(it.value()).getResourceSpans(0).resource.attributesList
              .any { kv -> kv.value.stringValue == "raw-record" }
        })
      }
    }

    then: "otlp_proto: the serialized request, null key, no headers"
    r.statusCode() == 200
    found.size() == 1
    ExportTraceServiceRequest.parseFrom(found[0].value()) == sent
    found[0].key() == null
    found[0].headers().toArray().length == 0
  }

  void "an export larger than the record size becomes several records that count exactly"() {
    given: "1000 spans of about 100 bytes, with tollgate.otlp.max-record-size 4KB"
    def sent = handMade("split", 1000, 0, System.currentTimeMillis() * 1_000_000L)
    def parts = Splitter.traces(sent, 4096)

    expect:
    parts.size() > 20
    parts.every { it.serializedSize <= 4096 }
    parts.sum { it.getResourceSpans(0).getScopeSpans(0).spansCount } == 1000
    parts.collectMany { it.getResourceSpans(0).getScopeSpans(0).spansList } == sent.getResourceSpans(0).getScopeSpans(0).spansList
    parts.every { it.getResourceSpans(0).resource == sent.getResourceSpans(0).resource }

    when:
    def r = post(server.URI, "/v1/traces", pipeline, "application/x-protobuf", sent.toByteArray())

    then:
    r.statusCode() == 200
    arrivesExactly({ stock("split") }, 1000)
  }

  void "a full success has no partial_success"() {
    when:
    def r = post(server.URI, "/v1/traces", pipeline, "application/x-protobuf",
        handMade("full-success", 4, 0, System.currentTimeMillis() * 1_000_000L).toByteArray())

    then:
    r.statusCode() == 200
    !ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess()
    arrivesExactly({ stock("full-success") }, 4)
  }

  void "metric points without a name or a time are rejected, the rest accepted"() {
    given:
    long now = System.currentTimeMillis() * 1_000_000L
    def point = { long t -> NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsDouble(1.5).build() }
    def request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(ProtoResource.newBuilder().addAttributes(kv("service.name", "points")))
        .addScopeMetrics(ScopeMetrics.newBuilder()
            .addMetrics(Metric.newBuilder().setName("queue.depth").setGauge(Gauge.newBuilder()
                .addDataPoints(point(now)).addDataPoints(point(0))))
            .addMetrics(Metric.newBuilder().setName("").setGauge(Gauge.newBuilder()
                .addDataPoints(point(now)).addDataPoints(point(now)).addDataPoints(point(now)))))).build()

    when:
    def r = post(server.URI, "/v1/metrics", pipeline, "application/x-protobuf", request.toByteArray())
    def body = ExportMetricsServiceResponse.parseFrom(r.body())

    then:
    r.statusCode() == 200
    body.partialSuccess.rejectedDataPoints == 4
    body.partialSuccess.errorMessage == "3 data point(s) of metrics without a name; 1 data point(s) without time_unix_nano"
  }

  void "an undecodable #type body is 400 with a google.rpc.Status in the request's encoding"() {
    when:
    def r = post(server.URI, "/v1/traces", pipeline, type, body)

    then:
    r.statusCode() == 400
    r.headers().firstValue("Content-Type").get() == type
    message(type, r.body()).contains("the body is not an ExportTraceServiceRequest in $type")
    r.headers().firstValue("Retry-After").isEmpty()

    where:
    type                     | body
    "application/x-protobuf" | [0xff, 0xff, 0xff, 0xff, 0x0f] as byte[]
    "application/json"       | '{"resourceSpans": [ {'.bytes
  }

  void "a body that says gzip but is not is 400"() {
    when:
    def r = post(server.URI, "/v1/traces", pipeline, "application/x-protobuf", "plain".bytes, ["Content-Encoding": "gzip"])

    then:
    r.statusCode() == 400
    status(r.body()).message.contains("not valid gzip")
  }

  void "an unknown content type is 415, and an unknown content encoding too"() {
    when:
    def xml = post(server.URI, "/v1/traces", pipeline, "application/xml", "<spans/>".bytes)
    def br = post(server.URI, "/v1/metrics", pipeline, "application/x-protobuf", new byte[0], ["Content-Encoding": "br"])

    then:
    xml.statusCode() == 415
    status(xml.body()).message.contains("Content-Type 'application/xml' is not supported")
    br.statusCode() == 415
    status(br.body()).message.contains("Content-Encoding 'br' is not supported")
  }

  void "no token is 401 and a viewer token is 403: telemetry is written with pipeline tokens"() {
    given:
    def viewer = new ApiClient(server.URI).post("/api/v1/tokens", ADMIN, [name: "otel-viewer", role: "viewer"]).body.token
    def body = handMade("no-token", 1, 0, System.currentTimeMillis() * 1_000_000L).toByteArray()

    expect:
    post(server.URI, "/v1/traces", null, "application/x-protobuf", body).statusCode() == 401
    post(server.URI, "/v1/traces", "made-up-token", "application/x-protobuf", body).statusCode() == 401
    post(server.URI, "/v1/traces", viewer, "application/x-protobuf", body).statusCode() == 403
    post(server.URI, "/v1/traces", ADMIN, "application/x-protobuf", body).statusCode() == 200
  }

  void "hostile bodies (bit flips, cuts, random bytes, in both encodings, plain and gzip) never get a 5xx"() {
    given:
    def random = new Random(20261201L)
    def valid = handMade("hostile", 20, 0, System.currentTimeMillis() * 1_000_000L)
    def proto = valid.toByteArray()
    def json = JsonFormat.printer().print(valid).bytes
    def statuses = [] as Set

    when:
    400.times { i ->
      boolean asJson = i % 2 == 1
      byte[] body = (asJson ? json : proto).clone()
      switch (random.nextInt(4)) {
        case 0: (1 + random.nextInt(8)).times { int at = random.nextInt(body.length); body[at] = (byte) (body[at] ^ (1 << random.nextInt(8))) }; break
        case 1: body = Arrays.copyOf(body, random.nextInt(body.length)); break
        case 2: body = new byte[random.nextInt(2000)]; random.nextBytes(body); break
        default: int at = random.nextInt(body.length); body[at] = (byte) random.nextInt(256)
      }
      boolean zipped = random.nextInt(3) == 0
      def r = post(server.URI, i % 4 < 2 ? "/v1/traces" : "/v1/metrics", pipeline,
          asJson ? "application/json" : "application/x-protobuf", zipped ? gzip(body) : body,
          zipped ? ["Content-Encoding": "gzip"] : [:])
      statuses << r.statusCode()
      assert r.statusCode() in [200, 400]: "${r.statusCode()}: ${new String(r.body(), 'UTF-8')}"
    }

    then: "both outcomes occur: the mutations reach the decoder"
    statuses == [200, 400] as Set
  }

  void "an empty export is a success"() {
    expect:
    post(server.URI, "/v1/traces", pipeline, "application/x-protobuf", new byte[0]).statusCode() == 200
    post(server.URI, "/v1/metrics", pipeline, "application/json", "{}".bytes).statusCode() == 200
  }

  long stock(String service) {
    def now = Instant.now()
    reader.operations(new SpanQuery(service, "canary", "GET /stock", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))))
        .sum { it.requests() } ?: 0
  }

  static String message(String type, byte[] body) {
    type == "application/json" ? new ObjectMapper().readValue(body, Map).message : status(body).message
  }
}

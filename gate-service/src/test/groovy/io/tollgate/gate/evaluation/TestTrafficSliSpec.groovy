package io.tollgate.gate.evaluation

import com.google.protobuf.ByteString
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.resource.v1.Resource
import io.opentelemetry.proto.trace.v1.Span
import io.opentelemetry.proto.trace.v1.Status
import io.tollgate.gate.ApiClient
import io.tollgate.gate.TestSpans
import io.tollgate.gate.UiSession
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.telemetry.store.TestTrafficReader
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.nio.ByteBuffer
import java.time.Instant
import java.time.temporal.ChronoUnit
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN
import static io.tollgate.gate.TestSpans.attr
import static io.tollgate.gate.TestSpans.request

/**
 * Traces SLIs read user traffic unless asked otherwise: spans of a test run (on the span or on the
 * resource) go through the real broker and ingest, and a gate with the same error-ratio SLI over
 * users, tests and all traffic sees exactly the counts of each, with the test requests left out
 * named in the decision.
 */
@MicronautTest
@Stepwise
class TestTrafficSliSpec extends Specification implements TestPropertyProvider {
  static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)
  static final Instant T1 = T0.plus(10, ChronoUnit.MINUTES)

  static final String GATE = '''\
apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: cart-errors
spec:
  slis:
    - name: users
      unit: ratio
      source:
        traces:
          service: $service
          measure: error_ratio
      criteria:
        - absolute:
            pass: "<= 0.05"
    - name: tests
      unit: ratio
      source:
        traces:
          service: $service
          measure: error_ratio
          traffic: tests
      criteria:
        - absolute:
            pass: "<= 0.05"
    - name: everything
      unit: ratio
      source:
        traces:
          service: $service
          measure: error_ratio
          traffic: all
      criteria:
        - absolute:
            pass: "<= 0.05"
'''

  @Shared KafkaFixture kafka
  @Shared Map<String, String> tokens = [:]
  @Shared long decision

  @Inject EmbeddedServer server
  @Inject AggregateReader reader
  @Inject TestTrafficReader tests

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    TestSpans.ingestOn(kafka) + ["tollgate.evaluations.poll-interval": "200ms"]
  }

  def cleanupSpec() {
    kafka?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "t-$role", role: role]).body.token }
  }

  static Resource resource(List<KeyValue> extra = []) {
    TestSpans.resource("cart", "2.0.0", extra)
  }

  /** {@code n} server spans of GET /cart spread over the first 10 minutes, the first {@code errors} failed. */
  static List<Span> spans(long seed, int n, int errors, List<KeyValue> attrs = []) {
    (0..<n).collect { i ->
      long start = (T0.epochSecond + 5 + i * (590L / n)) * 1_000_000_000L
      def s = Span.newBuilder()
          .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(seed).putLong(i).array()))
          .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(seed * 1000 + i + 1).array()))
          .setName("GET /cart").setKind(Span.SpanKind.SPAN_KIND_SERVER)
          .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 15_000_000)
          .addAttributes(attr("http.request.method", "GET")).addAttributes(attr("http.route", "/cart"))
          .addAllAttributes(attrs)
      if (i < errors) {
        s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
            .addAttributes(attr("error.type", "java.net.SocketTimeoutException"))
      }
      s.build()
    }
  }

  void "users' spans and a test run's spans (marked on the span and on the resource) are ingested apart"() {
    when: '200 user requests with 2 errors; 50 + 20 test requests with 30 + 10 errors'
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { p ->
      [request(resource(), spans(1, 200, 2)),
       request(resource(), spans(2, 50, 30, [attr("test.run.id", "nightly-17"), attr("test.case.name", "CartIT.timesOut")])),
       request(resource([attr("test.run.id", "nightly-17"), attr("test.suite.name", "CartIT")]), spans(3, 20, 10))].each {
        p.send(new ProducerRecord<byte[], byte[]>("otlp_spans", it.toByteArray()))
      }
      p.flush()
    }

    then:
    new PollingConditions(timeout: 60, delay: 0.2).eventually {
      assert (reader.operationCounts(SpanQuery.of("cart", T0, T1)).sum { it.requests() } ?: 0) == 200
      assert (tests.minuteCounts(SpanQuery.of("cart", T0, T1)).sum { it.requests() } ?: 0) == 70
    }
  }

  void "an SLI reads users by default, tests or all when asked, and says how many test requests it left out"() {
    given:
    assert api().call("POST", "/api/v1/gates", token("sre"), GATE, "application/yaml").status == 201

    when:
    def r = api().call("POST", "/api/v1/evaluations?wait=30s&view=full", token("pipeline"),
        [gate: "cart-errors", start: T0.toString(), end: T1.toString(), target: [service: "cart"]])
    assert r.status == 201 && r.body.detail != null, "${r.status} ${r.body}"
    decision = r.body.summary.id as long
    def slis = r.body.detail.slis.collectEntries { [(it.name): it] }

    then:
    r.status == 201
    slis.users.value == 2 / 200d
    slis.users.outcome == "PASS"
    slis.users.source.excludedTestRequests == 70
    slis.tests.value == 40 / 70d
    slis.tests.outcome == "FAIL"
    slis.tests.source.excludedTestRequests == null
    slis.tests.source.queries.current.contains("traffic=tests")
    slis.everything.value == 42 / 270d
    slis.everything.source.excludedTestRequests == null
  }

  void "the decision page shows the test requests left out"() {
    when:
    def html = api().call("GET", "/ui/decisions/$decision", null, null, "text/plain",
        [Cookie: UiSession.signIn(server.URI, token("qa")).cookie]).text
    int users = html.indexOf('data-sli="users"')
    int next = html.indexOf('data-sli="tests"')

    then:
    users > 0 && next > users
    html.substring(users, next).replaceAll(/<[^>]+>/, '').replaceAll(/\s+/, ' ').contains("test traffic left out: 70 requests")
    !html.substring(next).contains("test traffic left out")

    and: 'the per-minute chart re-reads user traffic, so only the users SLI has one'
    html.substring(users, next).contains('svg class="chart minutes"')
    !html.substring(next).contains('svg class="chart minutes"')
  }
}

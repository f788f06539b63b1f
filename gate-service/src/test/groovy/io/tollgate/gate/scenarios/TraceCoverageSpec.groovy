package io.tollgate.gate.scenarios

import com.google.protobuf.ByteString
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.common.v1.KeyValue
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
import java.util.HexFormat
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN
import static io.tollgate.gate.TestSpans.attr

/**
 * Coverage by trace, through the real broker: a test case whose own spans failed with a
 * production failure signature covers that scenario, one whose spans only exercised the operation
 * touches it, a JUnit report with the same test.run.id joins the spans to the stored run, and a
 * mapping rule still links what no span names.
 */
@MicronautTest
@Stepwise
class TraceCoverageSpec extends Specification implements TestPropertyProvider {
  static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES)
  static final String RUN = "run-42"

  @Shared KafkaFixture kafka
  @Shared Map<String, String> tokens = [:]
  @Shared long uploaded
  @Shared Set<String> failedTestTraces = []

  @Inject EmbeddedServer server
  @Inject AggregateReader reader
  @Inject TestTrafficReader tests

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    TestSpans.ingestOn(kafka) + ["tollgate.scenarios.refresh-interval": "300ms"]
  }

  def cleanupSpec() {
    kafka?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "c-$role", role: role]).body.token }
  }

  String page(String path) {
    def r = api().call("GET", path, null, null, "text/plain", [Cookie: UiSession.signIn(server.URI, token("qa")).cookie])
    assert r.status == 200
    r.text
  }

  static Span span(long seed, String method, String route, int i, int status, String errorType, List<KeyValue> extra = []) {
    long start = (T0.epochSecond + 10 + i * 7) * 1_000_000_000L
    def s = Span.newBuilder()
        .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(seed).putLong(i).array()))
        .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(seed * 100 + i + 1).array()))
        .setName("$method $route").setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 20_000_000)
        .addAttributes(attr("http.request.method", method)).addAttributes(attr("http.route", route))
        .addAttributes(attr("http.response.status_code", status as long))
        .addAllAttributes(extra)
    if (status >= 500) {
      s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
      if (errorType) {
        s.addAttributes(attr("error.type", errorType))
      }
    }
    s.build()
  }

  static List<KeyValue> testCase(String name) {
    [attr("test.run.id", RUN), attr("test.case.name", name)]
  }

  static ExportTraceServiceRequest request(List<Span> spans) {
    TestSpans.request(TestSpans.resource("shop", "3.1.0"), spans)
  }

  static String traceId(Span s) { HexFormat.of().formatHex(s.traceId.toByteArray()) }

  static final String JUNIT = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="shop-it" tests="4" failures="1" errors="0" skipped="0" time="1.4">
  <properties>
    <property name="java.version" value="17.0.12"/>
    <property name="test.run.id" value="$RUN"/>
  </properties>
  <testcase classname="CartIT" name="timesOut" time="0.5">
    <failure type="java.net.SocketTimeoutException" message="Read timed out">java.net.SocketTimeoutException: Read timed out</failure>
  </testcase>
  <testcase classname="CheckoutIT" name="pays" time="0.3"/>
  <testcase classname="CheckoutIT" name="failsOther" time="0.3"/>
  <testcase classname="CartIT" name="deletes" time="0.3"/>
</testsuite>
"""

  void "production failures and a test run's spans go through the broker"() {
    given: 'four production failure modes, on four operations'
    def production = [
        (0..<5).collect { span(1, "GET", "/cart", it, 504, "java.net.SocketTimeoutException") },
        (0..<5).collect { span(2, "POST", "/checkout", it, 503, "java.sql.SQLTransientConnectionException") },
        (0..<5).collect { span(3, "GET", "/items", it, 500, "com.shop.StockUnavailableException") },
        (0..<5).collect { span(4, "DELETE", "/cart/{id}", it, 500, "com.shop.CartLockedException") }].flatten()
    and: 'the test run: CartIT.timesOut fails as production does, CheckoutIT exercises checkout without its failure'
    def timesOut = (0..<3).collect { span(11, "GET", "/cart", it, it < 2 ? 504 : 200, "java.net.SocketTimeoutException", testCase("CartIT.timesOut")) }
    def pays = (0..<4).collect { span(12, "POST", "/checkout", it, 200, null, testCase("CheckoutIT.pays")) }
    def failsOther = (0..<2).collect { span(13, "POST", "/checkout", it, 500, null, testCase("CheckoutIT.failsOther")) }
    failedTestTraces = timesOut.findAll { it.status.code == Status.StatusCode.STATUS_CODE_ERROR }.collect { traceId(it) } as Set

    when:
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { p ->
      [request(production), request(timesOut + pays + failsOther)].each { p.send(new ProducerRecord<byte[], byte[]>("otlp_spans", it.toByteArray())) }
      p.flush()
    }

    then:
    new PollingConditions(timeout: 60, delay: 0.2).eventually {
      assert (reader.operationCounts(SpanQuery.of("shop", T0.minusSeconds(3600), T0.plusSeconds(3600))).sum { it.requests() } ?: 0) == 20
      assert (tests.casesOfRun(RUN).sum { it.requests() } ?: 0) == 9
    }
  }

  void "the JUnit report with the same test.run.id joins the spans; a mapping rule links what no span names"() {
    when:
    def rule = api().post("/api/v1/scenarios/mapping-rules", token("qa"),
        [kind: "junit", pattern: "^CartIT\\.deletes\$", service: "shop", operation: "DELETE /cart/{id}"])
    def r = api().call("POST", "/api/v1/test-runs?service=shop&version=3.1.0&suite=it", token("pipeline"), JUNIT, "application/xml")
    uploaded = r.body.run.id as long

    then:
    rule.status == 201
    r.status == 201
  }

  void "coverage is covered, touched and uncovered exactly as constructed, and says how each link was made"() {
    when:
    Map<String, Map> byOperation = [:]
    new PollingConditions(timeout: 60, delay: 0.3).eventually {
      def list = api().get("/api/v1/scenarios?environment=production&service=shop", token("qa")).body
      byOperation.clear()
      byOperation.putAll(list.collectEntries { [(it.operation): it] })
      assert byOperation.keySet() == ["GET /cart", "POST /checkout", "GET /items", "DELETE /cart/{id}"] as Set
      assert byOperation["GET /cart"].coverage == "COVERED"
      assert byOperation["DELETE /cart/{id}"].coverage == "TOUCHED"
    }
    def cart = byOperation["GET /cart"]
    def checkout = byOperation["POST /checkout"]

    then: 'the test case whose own spans failed that way covers GET /cart, linked by its traces'
    cart.covering.collect { [it.kind, it.key, it.via, it.runId as long] } == [["trace", "CartIT.timesOut", "trace", uploaded]]
    cart.covering[0].traces.collect { it.traceId } as Set == failedTestTraces
    (cart.touching ?: []).isEmpty()

    and: 'checkout is touched by both CheckoutIT cases, one failing another way'
    checkout.coverage == "TOUCHED"
    (checkout.covering ?: []).isEmpty()
    checkout.touching.collect { [it.key, it.via] } as Set == [["CheckoutIT.pays", "trace"], ["CheckoutIT.failsOther", "trace"]] as Set

    and: 'nothing tests GET /items; the rule links CartIT.deletes to DELETE /cart/{id}'
    byOperation["GET /items"].coverage == "UNCOVERED"
    byOperation["DELETE /cart/{id}"].touching.collect { [it.kind, it.key, it.via, it.runId as long] } == [["junit", "CartIT.deletes", "rule", uploaded]]

    when: 'QA opens the covered scenario'
    def html = page("/ui/scenarios/${cart.id}")
    int covering = html.indexOf('id="covering"')
    def section = html.substring(covering, html.indexOf("</ul>", covering)).replaceAll(/<[^>]+>/, ' ').replaceAll(/\s+/, ' ')

    then: 'it lists the covering test with the way it was linked and its failed traces'
    section.contains("CartIT.timesOut")
    section.contains("linked by its traces")
    failedTestTraces.every { section.contains(it) }
  }

  void "the test-run page lists the operations and failure modes its traffic exercised"() {
    when:
    def html = page("/ui/test-runs/$uploaded")
    int at = html.indexOf('id="traffic-operations"')
    def operations = html.substring(at, html.indexOf("</table>", at)).replaceAll(/<[^>]+>/, ' ').replaceAll(/\s+/, ' ')
    int f = html.indexOf('id="traffic-failures"')
    def failures = html.substring(f, html.indexOf("</table>", f)).replaceAll(/<[^>]+>/, ' ').replaceAll(/\s+/, ' ')

    then:
    html.contains(RUN)
    operations.contains("GET /cart CartIT.timesOut 3 2")
    operations.contains("POST /checkout")
    !operations.contains("GET /items")
    failures.contains("java.net.SocketTimeoutException")
    failures.contains("HTTP 500")
    failures.contains("CartIT.timesOut")
  }

  void "an upload's testRunId parameter wins over the file's property; one too long is a 400"() {
    when:
    def given = api().call("POST", "/api/v1/test-runs?service=shop&suite=k6&testRunId=k6-77", token("pipeline"), JUNIT, "application/xml")
    def tooLong = api().call("POST", "/api/v1/test-runs?service=shop&testRunId=" + "x" * 513, token("pipeline"), JUNIT, "application/xml")
    def html = page("/ui/test-runs/${given.body.run.id}")

    then:
    given.status == 201
    html.contains("k6-77")
    html.contains("No spans of this run were ingested")
    tooLong.status == 400
  }

  void "test spans that reach the broker alone, with no upload, cover the scenario on the next read"() {
    given: 'GET /items is uncovered in the stored catalog'
    def before = api().get("/api/v1/scenarios?environment=production&service=shop", token("qa")).body
    assert before.find { it.operation == "GET /items" }.coverage == "UNCOVERED"
    def stock = (0..<2).collect {
      span(21, "GET", "/items", it, 500, "com.shop.StockUnavailableException",
          [attr("test.run.id", "run-43"), attr("test.case.name", "StockIT.outOfStock")])
    }

    when: 'a test run that is never uploaded fails the same way, through the real broker'
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { p ->
      p.send(new ProducerRecord<byte[], byte[]>("otlp_spans", request(stock).toByteArray()))
      p.flush()
    }
    new PollingConditions(timeout: 60, delay: 0.2).eventually {
      assert (tests.casesOfRun("run-43").sum { it.requests() } ?: 0) == 2
    }
    def items = api().get("/api/v1/scenarios?environment=production&service=shop", token("qa")).body
        .find { it.operation == "GET /items" }

    then: 'the catalog caught up with the committed test spans: covered by that case, by its traces'
    items.coverage == "COVERED"
    items.covering.collect { [it.key, it.via] } == [["StockIT.outOfStock", "trace"]]
    items.covering[0].traces.collect { it.traceId } as Set == stock.collect { traceId(it) } as Set
  }

  void "a k6 summary whose setup() returned the run id joins the spans of that run"() {
    given: "k6's handleSummary JSON, with setup_data as k6 writes what setup() returned"
    def summary = new groovy.json.JsonSlurper().parse(getClass().getResource("/testrun/k6-handle-summary.json")) as Map
    summary.setup_data = [testRunId: "run-43", token: "not-a-run-id"]

    when:
    def r = api().call("POST", "/api/v1/test-runs?service=shop&suite=k6", token("pipeline"),
        groovy.json.JsonOutput.toJson(summary), "application/json")
    def html = page("/ui/test-runs/${r.body.run.id}")
    int at = html.indexOf('id="traffic-operations"')

    then:
    r.status == 201
    html.contains("run-43")
    html.substring(at, html.indexOf("</table>", at)).contains("GET /items")
  }
}

package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.common.v1.AnyValue
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.trace.v1.Span
import io.tollgate.gate.demo.SyntheticTraffic
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.FlagQuery
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
 * A feature-flag rollout judged like a canary, end to end: spans carrying OpenTelemetry
 * feature_flag.evaluation events (as the OpenFeature hooks add them) produced to a real Kafka broker
 * as the Collector writes them, consumed by the service's ingest into PostgreSQL, and the documented
 * flag gate (docs/examples/flag-gate.yaml) comparing the two variants of one deployment.
 */
@MicronautTest
@Stepwise
class FlagRolloutSpec extends Specification implements TestPropertyProvider {

  static final Instant T0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)
  static final Instant T1 = T0.plus(10, ChronoUnit.MINUTES)

  @Shared KafkaFixture kafka
  @Shared PostgresFixture pg
  @Shared Map<String, Long> sent = [:]

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
        "tollgate.ingest.flags.keys"        : "new-checkout",
        "tollgate.evaluations.poll-interval": "200ms"]
  }

  def cleanupSpec() {
    kafka?.close()
    pg?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  String tokenFor(String role) {
    api().post("/api/v1/tokens", ADMIN, [name: role, role: role]).body.token
  }

  static KeyValue attr(String key, String value) {
    KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build()
  }

  /** Adds the span event the OpenFeature OpenTelemetry hook records for one evaluation to every span. */
  static ExportTraceServiceRequest evaluated(ExportTraceServiceRequest r, String flag, String variant) {
    def b = r.toBuilder()
    b.resourceSpansBuilderList.each { rs ->
      rs.scopeSpansBuilderList.each { ss ->
        ss.spansBuilderList.each { s ->
          s.addEvents(Span.Event.newBuilder().setName("feature_flag.evaluation")
              .setTimeUnixNano(s.startTimeUnixNano + 50_000)
              .addAttributes(attr("feature_flag.key", flag))
              .addAttributes(attr("feature_flag.provider.name", "flagd"))
              .addAttributes(attr("feature_flag.result.variant", variant))
              .addAttributes(attr("feature_flag.result.reason", "split")))
        }
      }
    }
    b.build()
  }

  /** One deployment of {@code service}: spans served with each variant, as their profiles say. */
  void produce(String service, Map<String, SyntheticTraffic.Profile> variants, int batches, int spans) {
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      variants.each { variant, profile ->
        def traffic = new SyntheticTraffic((service + variant).hashCode())
        (0..<batches).each { i ->
          def at = T0.plusSeconds(30 + i * (540 / batches) as long)
          def request = evaluated(traffic.batch(profile, "POST", "/checkout", spans, at), "new-checkout", variant)
          producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans", request.toByteArray()))
          sent.merge("$service/$variant".toString(), spans as long, Long::sum)
        }
      }
      producer.flush()
    }
  }

  long ingested(String service, String variant) {
    reader.operationCounts(FlagQuery.of(SpanQuery.of(service, T0, T1), "new-checkout", variant))*.requests().sum() ?: 0
  }

  Map evaluate(String service, Map canaryFlag, Map baselineFlag, Map context = [:]) {
    api().call("POST", "/api/v1/evaluations?wait=30s&view=full", tokenFor("pipeline"), [
        gate    : "checkout-flag-rollout",
        start   : T0.toString(), end: T1.toString(),
        canary  : [service: service, version: "1.5.0"] + canaryFlag,
        baseline: [service: service, version: "1.5.0"] + baselineFlag,
        context : context])
  }

  void "the documented flag gate is stored"() {
    expect:
    api().call("POST", "/api/v1/gates", tokenFor("sre"), Path.of("../docs/examples/flag-gate.yaml").text,
        "application/yaml").status == 201
  }

  void "spans with flag events arrive through Kafka as per-variant series of one deployment"() {
    when: 'checkout: the new variant raises errors; cart: the new variant is as healthy as the old'
    def healthy = { String s -> SyntheticTraffic.Profile.healthy(s, "1.5.0", "stable") }
    produce("checkout", [on : healthy("checkout").withErrors(0.05, "java.lang.IllegalStateException", "cart total missing"),
                         off: healthy("checkout")], 20, 500)
    produce("cart", [on: healthy("cart"), off: healthy("cart")], 42, 1000)

    then: 'each variant has exactly the spans sent with it, and the main series has them all'
    new PollingConditions(timeout: 90, delay: 0.2).eventually {
      assert ingested("checkout", "on") == sent["checkout/on"]
      assert ingested("checkout", "off") == sent["checkout/off"]
      assert ingested("cart", "on") == sent["cart/on"]
      assert ingested("cart", "off") == sent["cart/off"]
    }
    reader.operationCounts(SpanQuery.of("cart", T0, T1))*.requests().sum() == sent["cart/on"] + sent["cart/off"]
  }

  void "the variant that raises errors fails, judged against the other variant"() {
    when:
    def r = evaluate("checkout", ["flag.new-checkout": "on"], ["flag.new-checkout": "off"])
    def slis = r.body.detail.slis.collectEntries { [(it.name): it] }

    then:
    r.status == 201
    r.body.summary.decision == "FAIL"
    slis.error_rate.outcome == "FAIL"
    slis.error_rate.criteria.find { it.kind == "statistical" }.reason.contains("canary error rate")
    slis.error_rate.criteria[0].samples.canary == sent["checkout/on"] as double
    slis.error_rate.source.queries.canary.contains("flag.new-checkout=on")
    slis.error_rate.source.queries.baseline.contains("flag.new-checkout=off")
  }

  void "a healthy variant passes, served to the share of requests the rollout asked for"() {
    when: 'the flag serves "on" to half the requests'
    def r = evaluate("cart", ["flag.new-checkout": "on"], ["flag.new-checkout": "off"], [canaryWeight: "50"])
    def slis = r.body.detail.slis.collectEntries { [(it.name): it] }

    then:
    r.status == 201
    r.body.summary.decision == "PASS"
    slis.error_rate.outcome == "PASS"
    slis.error_rate.criteria[0].samples.canary == sent["cart/on"] as double
    slis.error_rate.criteria[0].samples.baseline == sent["cart/off"] as double
    !r.body.detail.sampleRatio.mismatch
  }

  void "a flag whose targeting serves the variant to far more requests than the rollout's 10 % is flagged"() {
    when:
    def r = evaluate("cart", ["flag.new-checkout": "on"], ["flag.new-checkout": "off"], [canaryWeight: "10"])

    then:
    r.body.detail.sampleRatio.mismatch
    Math.abs(r.body.detail.sampleRatio.observedShare - 0.5d) < 0.01
    r.body.detail.sampleRatio.expectedShare == 0.1d
  }

  void "a scenarios SLI counts the failure modes the new variant brought that the old one never had"() {
    given:
    def gate = """apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: no-new-failure-modes-in-variant
spec:
  slis:
    - name: new_failure_modes
      source:
        scenarios:
          measure: new_in_canary
          service: \$service
      criteria:
        - absolute:
            pass: "<= 0"
          key: true
"""
    assert api().call("POST", "/api/v1/gates", tokenFor("sre"), gate, "application/yaml").status == 201
    def evaluate = { String service ->
      api().call("POST", "/api/v1/evaluations?wait=30s&view=full", tokenFor("pipeline"), [
          gate    : "no-new-failure-modes-in-variant", start: T0.toString(), end: T1.toString(),
          canary  : [service: service, version: "1.5.0", "flag.new-checkout": "on"],
          baseline: [service: service, version: "1.5.0", "flag.new-checkout": "off"]]).body
    }

    when:
    def bad = evaluate("checkout")
    def good = evaluate("cart")

    then: 'checkout "on" fails with IllegalStateException, which "off" never did'
    bad.summary.decision == "FAIL"
    bad.detail.slis[0].value == 1d
    bad.detail.slis[0].source.queries.canary.contains("flag.new-checkout=on not seen with flag.new-checkout=off")

    and: 'cart "on" fails only the way "off" does too (a read timeout now and then)'
    good.summary.decision == "PASS"
    good.detail.slis[0].value == 0d
  }

  void "an SLI whose source cannot tell variants apart is an error, not two equal sides that pass"() {
    given:
    def gate = """apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: flag-with-metrics
spec:
  slis:
    - name: heap
      source:
        metrics:
          name: jvm.memory.used
          type: gauge
      criteria:
        - vsBaseline:
            mode: ratio
            pass: "<= 1.2"
"""
    assert api().call("POST", "/api/v1/gates", tokenFor("sre"), gate, "application/yaml").status == 201

    when:
    def r = api().call("POST", "/api/v1/evaluations?wait=30s&view=full", tokenFor("pipeline"), [
        gate    : "flag-with-metrics", start: T0.toString(), end: T1.toString(),
        canary  : [service: "cart", version: "1.5.0", "flag.new-checkout": "on"],
        baseline: [service: "cart", version: "1.5.0", "flag.new-checkout": "off"]]).body

    then:
    r.summary.decision == "ERROR"
    r.detail.slis[0].outcome == "ERROR"
    r.detail.slis[0].reason.contains("a metrics SLI cannot tell feature-flag variants apart")
  }

  void "a bad flag selector is a 400 that says what is wrong: #problem"() {
    when:
    def r = api().call("POST", "/api/v1/evaluations", tokenFor("pipeline"), [
        gate: "checkout-flag-rollout", lookback: "10m", canary: canary, baseline: baseline])

    then:
    r.status == 400
    r.body.detail.contains(message)
    pointer == null || r.body.errors*.pointer == [pointer]

    where:
    problem              | canary                                             | baseline                                        || pointer                          | message
    'no flag key'        | [service: 'cart', 'flag.': 'on']                   | [service: 'cart', 'flag.': 'off']               || '/canary/flag.'                  | 'names its flag'
    'bare flag'          | [service: 'cart', flag: 'on']                      | [service: 'cart', flag: 'off']                  || '/canary/flag'                   | 'flag.<flag key>'
    'no variant'         | [service: 'cart', 'flag.new-checkout': ' ']        | [service: 'cart', 'flag.new-checkout': 'off']   || '/canary/flag.new-checkout'      | 'needs a variant'
    'one side only'      | [service: 'cart', 'flag.new-checkout': 'on']       | [service: 'cart', version: '1.5.0']             || '/baseline'                      | 'must select another variant'
    'two flags'          | [service: 'cart', 'flag.new-checkout': 'on']       | [service: 'cart', 'flag.dark-mode': 'off']      || '/baseline'                      | 'same flag'
    'same variant'       | [service: 'cart', 'flag.new-checkout': 'on']       | [service: 'cart', 'flag.new-checkout': 'on']    || '/baseline/flag.new-checkout'    | 'same variant'
    'two flags one side' | [service: 'cart', 'flag.a': 'on', 'flag.b': 'on']  | [service: 'cart', 'flag.a': 'off']              || null                             | 'one feature-flag variant'
  }
}

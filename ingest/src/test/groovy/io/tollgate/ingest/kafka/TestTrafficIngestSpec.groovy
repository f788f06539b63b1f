package io.tollgate.ingest.kafka

import static io.tollgate.ingest.testing.Otlp.attr

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.resource.v1.Resource
import io.opentelemetry.proto.trace.v1.Span
import io.tollgate.ingest.otlp.OtlpEncoding
import io.tollgate.ingest.testing.Databases
import io.tollgate.ingest.testing.Otlp
import io.tollgate.ingest.testing.SdkSpans
import io.tollgate.telemetry.aggregate.TestId
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.IngestSchema
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.telemetry.store.TestTrafficReader
import java.util.HexFormat

/**
 * Test traffic recognised from span attributes, resource attributes, baggage copied onto spans by
 * the SDK's BaggageSpanProcessor, and a synthetic user agent, read from the real broker as the
 * Collector's Kafka exporter writes it: production aggregates hold exactly the production spans,
 * the test series exactly the test spans.
 */
class TestTrafficIngestSpec extends IngestBrokerSpecification {
  static final long MS = 1_000_000L

  int partitions() { 2 }

  /** 40 production spans of GET /cart/{id}, 4 of them failed. */
  static ExportTraceServiceRequest production() {
    Otlp.traces(Otlp.resource('shop', '1.4.0', 'prod', 'stable'),
        (0..<40).collect { i -> Otlp.httpServer(i, 'GET', '/cart/{id}', T0 + i * 1000 * MS, 20, i % 10 == 3 ? 503 : 200).build() })
  }

  /** 12 spans of GET /cart/{id} carrying test.run.id and test.case.name on the span, 3 failed. */
  static ExportTraceServiceRequest onSpan() {
    Otlp.traces(Otlp.resource('shop', '1.4.0', 'prod', 'stable'),
        (0..<12).collect { i ->
          Otlp.httpServer(100 + i, 'GET', '/cart/{id}', T0 + i * 2000 * MS, 30, i < 3 ? 503 : 200)
              .addAttributes(attr('test.run.id', 'run-7'))
              .addAttributes(attr('test.case.name', 'CartIT.addsItem'))
              .build()
        })
  }

  /** 5 spans of POST /checkout from a resource naming the run, suite and case id, 1 failed. */
  static ExportTraceServiceRequest onResource() {
    Resource resource = Otlp.resource('shop', '1.4.0', 'prod', 'stable').toBuilder()
        .addAttributes(attr('test.run.id', 'run-7'))
        .addAttributes(attr('test.suite.name', 'CheckoutIT'))
        .addAttributes(attr('test.case.id', 'checkout-2'))
        .build()
    Otlp.traces(resource, (0..<5).collect { i -> Otlp.httpServer(200 + i, 'POST', '/checkout', T0 + i * 3000 * MS, 40, i == 4 ? 500 : 200).build() })
  }

  /** 6 spans of GET /cart/{id} from a bot (synthetic user agent), none failed. */
  static ExportTraceServiceRequest synthetic() {
    Otlp.traces(Otlp.resource('shop', '1.4.0', 'prod', 'stable'),
        (0..<6).collect { i ->
          Otlp.httpServer(300 + i, 'GET', '/cart/{id}', T0 + i * 4000 * MS, 10, 200)
              .addAttributes(attr('user_agent.synthetic.type', 'bot')).build()
        })
  }

  /** 8 SDK spans of GET /items under baggage test.run.id=run-8, test.case.name=browse, 2 failed. */
  static SdkSpans baggage() {
    def sdk = new SdkSpans('shop', '1.4.0', 'prod')
    8.times { i ->
      sdk.serverSpan(['test.run.id': 'run-8', 'test.case.name': 'BrowseK6.browse'], 'GET', '/items', T0 + i * 5000 * MS, i in [1, 6])
    }
    sdk
  }

  void "#database, #encoding: production counts exclude exactly the test spans, and the test series hold exactly them"() {
    given:
    if (database == 'h2') {
      ds = Databases.h2()
      IngestSchema.migrate(ds)
    }
    def sdk = baggage()
    boolean json = encoding == OtlpEncoding.OTLP_JSON
    [production(), onSpan(), onResource(), synthetic()].each { produce(topic, json ? Otlp.json(it) : it.toByteArray()) }
    produce(topic, json ? sdk.json() : sdk.protobuf())
    flush()
    def failedTraces = sdk.finished().findAll { it.status.statusCode.name() == 'ERROR' }.collect { it.traceId + ':' + it.spanId } as Set

    when:
    start(config().withEncoding(encoding))

    then: 'the baggage processor copied the baggage keys onto the spans unchanged'
    sdk.finished().every { it.attributes.asMap().find { k, v -> k.key == 'test.run.id' }?.value == 'run-8' }

    and: 'production holds the 40 production spans only'
    def production = new AggregateReader(ds)
    conditions.eventually {
      assert new TestTrafficReader(ds).cases(SpanQuery.of('shop', FROM, TO)).sum { it.requests() } == 12 + 5 + 6 + 8
      assert production.operations(SpanQuery.of('shop', FROM, TO)).sum { it.requests() } == 40
    }
    production.operations(SpanQuery.of('shop', FROM, TO)).collect { [it.operation(), it.requests(), it.errors()] } == [['GET /cart/{id}', 40L, 4L]]
    production.signatures('shop', FROM, TO).collect { [it.signature().operation(), it.failures()] } == [['GET /cart/{id}', 4L]]

    and: 'the test series per run, case and operation'
    def tests = new TestTrafficReader(ds)
    tests.cases(SpanQuery.of('shop', FROM, TO)).collect { [it.operation(), it.test().runId(), it.test().testCase(), it.requests(), it.errors()] } as Set == [
        ['GET /cart/{id}', 'run-7', 'CartIT.addsItem', 12L, 3L],
        ['POST /checkout', 'run-7', 'checkout-2', 5L, 1L],
        ['GET /cart/{id}', '', '', 6L, 0L],
        ['GET /items', 'run-8', 'BrowseK6.browse', 8L, 2L]] as Set
    tests.casesOfRun('run-7').sum { it.requests() } == 17
    tests.minuteCounts(SpanQuery.of('shop', FROM, TO)).sum { it.requests() } == 31

    and: 'their failures by signature and test, with the failed spans as exemplars'
    def run8 = tests.failuresOfRun('run-8')
    run8.collect { [it.signature().operation(), it.signature().errorClass(), it.test(), it.failures()] } ==
        [['GET /items', 'java.lang.IllegalStateException', new TestId('run-8', 'BrowseK6.browse'), 2L]]
    run8[0].exemplars() as Set == failedTraces
    tests.failuresOfRun('run-7').collect { [it.signature().operation(), it.test().testCase(), it.failures()] } as Set ==
        [['GET /cart/{id}', 'CartIT.addsItem', 3L], ['POST /checkout', 'checkout-2', 1L]] as Set
    tests.failures(SpanQuery.of('shop', FROM, TO).withOperation('POST /checkout')).sum { it.failures() } == 1

    cleanup:
    sdk?.close()

    where:
    database   | encoding
    'postgres' | OtlpEncoding.OTLP_PROTO
    'postgres' | OtlpEncoding.OTLP_JSON
    'h2'       | OtlpEncoding.OTLP_PROTO
    'h2'       | OtlpEncoding.OTLP_JSON
  }
}

package io.tollgate.ingest.otlp

import static io.tollgate.ingest.testing.Otlp.attr

import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.resource.v1.Resource
import io.opentelemetry.proto.trace.v1.Span
import io.opentelemetry.proto.trace.v1.Status
import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.aggregate.TestId
import io.tollgate.ingest.testing.Otlp
import spock.lang.Specification

class TraceMapperSpec extends Specification {
  static final long T0 = 1_700_000_040_000_000_000L // 22:14:00 UTC, a minute boundary

  List<String> overflowed = []
  PartitionBatch batch = new PartitionBatch('otlp_spans', 0, -1, 0)

  TraceMapper mapper(AttributeMapping mapping = AttributeMapping.defaults(), int maxSeries = 100) {
    new TraceMapper(mapping, new CardinalityGuard(maxSeries, { overflowed << it }))
  }

  static Span span(Span.SpanKind kind, List<KeyValue> attrs, String name = 'span-name') {
    Span.newBuilder().setName(name).setKind(kind).setStartTimeUnixNano(T0)
        .setEndTimeUnixNano(T0 + 12_000_000).addAllAttributes(attrs).build()
  }

  void "the operation of a span with #attrs is '#operation'"() {
    when:
    mapper().map(Otlp.traces(Otlp.resource('shop', '1', 'prod', 'canary'), [span(Span.SpanKind.SPAN_KIND_SERVER, attrs)]), batch)

    then:
    batch.spanStats().keySet()*.operation() == [operation]

    where:
    attrs                                                                                        || operation
    [attr('http.route', '/users/{id}'), attr('http.request.method', 'GET')]                      || 'GET /users/{id}'
    [attr('http.route', '/users/{id}'), attr('http.method', 'DELETE')]                           || 'DELETE /users/{id}'
    [attr('http.route', '/users/{id}')]                                                          || '/users/{id}'
    [attr('rpc.service', 'shop.Cart'), attr('rpc.method', 'AddItem'), attr('rpc.system', 'grpc')] || 'shop.Cart/AddItem'
    [attr('messaging.destination.name', 'orders'), attr('messaging.operation.type', 'process')]  || 'process orders'
    [attr('db.operation.name', 'SELECT'), attr('db.collection.name', 'items')]                   || 'SELECT items'
    [attr('db.operation', 'findAndModify')]                                                      || 'findAndModify'
    [attr('url.path', '/users/42')]                                                              || 'span-name'
  }

  void "#kind spans are requests: #request"() {
    when:
    mapper().map(Otlp.traces(Otlp.resource('shop', '1', 'prod', 'canary'), [span(kind, [])]), batch)

    then:
    batch.spans() == 1
    batch.spanStats().values().sum { it.requests() } == (request ? 1 : null)

    where:
    kind                                || request
    Span.SpanKind.SPAN_KIND_SERVER      || true
    Span.SpanKind.SPAN_KIND_CONSUMER    || true
    Span.SpanKind.SPAN_KIND_CLIENT      || false
    Span.SpanKind.SPAN_KIND_PRODUCER    || false
    Span.SpanKind.SPAN_KIND_INTERNAL    || false
  }

  void "series identity comes from the resource, with the older environment key as fallback and the track from the span"() {
    given:
    def resource = Resource.newBuilder()
        .addAttributes(attr('service.name', 'cart'))
        .addAttributes(attr('service.version', '2.1.0'))
        .addAttributes(attr('deployment.environment', 'staging'))
        .build()
    def s = span(Span.SpanKind.SPAN_KIND_SERVER, [attr('tollgate.track', 'baseline')])

    when:
    mapper().map(Otlp.traces(resource, [s]), batch)

    then:
    batch.spanStats().keySet()*.series() == [new SeriesKey('cart', '2.1.0', 'staging', 'baseline')]
  }

  void "the track attribute is configurable, e.g. a pod label added by the collector"() {
    given:
    def resource = Resource.newBuilder().addAttributes(attr('service.name', 'cart'))
        .addAttributes(attr('k8s.pod.label.rollouts-pod-template-hash', 'canary-5d8f')).build()
    def mapping = AttributeMapping.defaults().withTrackKey('k8s.pod.label.rollouts-pod-template-hash')

    when:
    mapper(mapping).map(Otlp.traces(resource, [span(Span.SpanKind.SPAN_KIND_SERVER, [])]), batch)

    then:
    batch.spanStats().keySet()*.series()*.track() == ['canary-5d8f']
  }

  void "latency is kept in a sketch per minute, errors counted"() {
    given:
    def spans = (0..<100).collect { i ->
      Otlp.httpServer(i, 'GET', '/x', T0 + i * 1_000_000_000L, i + 1, i % 10 == 0 ? 500 : 200).build()
    }

    when:
    mapper().map(Otlp.traces(Otlp.resource('shop', '1', 'prod', 'canary'), spans), batch)

    then: 'spans 0..59 start in the first minute, 60..99 in the next'
    def byMinute = batch.spanStats().collectEntries { k, v -> [k.minuteEpochSecond() - T0.intdiv(1_000_000_000L), v] }
    byMinute.keySet() == [0L, 60L] as Set
    byMinute[0L].requests() == 60
    byMinute[0L].errors() == 6
    byMinute[60L].requests() == 40
    byMinute[60L].errors() == 4
    Math.abs(byMinute[0L].latencyMs().getValueAtQuantile(0.5) - 30) <= 0.02 * 30
    Math.abs(byMinute[60L].latencyMs().maxValue - 100) <= 0.01 * 100
    byMinute[60L].latencyMs().count == 40d
  }

  void "an error span's class is '#errorClass' and its message '#message'"() {
    given:
    def b = Span.newBuilder().setName('POST /pay').setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setTraceId(Otlp.id(1, 2, 16)).setSpanId(Otlp.id(0, 3, 8))
        .setStartTimeUnixNano(T0).setEndTimeUnixNano(T0 + 5)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(status))
        .addAllAttributes(attrs)
    if (exceptionType != null) {
      b.addEvents(Span.Event.newBuilder().setName('exception')
          .addAttributes(attr('exception.type', exceptionType))
          .addAttributes(attr('exception.message', exceptionMessage)))
    }

    when:
    mapper().map(Otlp.traces(Otlp.resource('payment', '1', 'prod', 'canary'), [b.build()]), batch)
    def seen = batch.signatures().values().first()

    then:
    seen.signature().errorClass() == errorClass
    seen.signature().message() == message
    seen.signature().spanKind() == 'SERVER'
    seen.signature().operation() == 'POST /pay'
    seen.exemplars() == ['00000000000000010000000000000002:0000000000000003']

    where:
    attrs                                                   | exceptionType                         | exceptionMessage                                     | status                 || errorClass                                      | message
    [attr('error.type', 'timeout')]                         | 'java.net.SocketTimeoutException'     | 'Read timed out'                                     | ''                     || 'timeout'                                       | ''
    []                                                      | 'java.net.SocketTimeoutException'     | 'Read timed out after 30000 ms'                      | ''                     || 'java.net.SocketTimeoutException'               | ''
    []                                                      | 'java.lang.RuntimeException'          | 'card 4111111111111111 declined for order 1234'      | ''                     || 'java.lang.RuntimeException'                    | 'card <num> declined for order <num>'
    [attr('http.response.status_code', 502L)]               | null                                  | null                                                 | 'Bad Gateway'          || 'HTTP 502'                                      | ''
    []                                                      | null                                  | null                                                 | 'connection reset by 10.1.2.3:443' || 'unknown'                            | 'connection reset by <ip>'
    [attr('error.type', '_OTHER')]                          | null                                  | null                                                 | 'quota 17 exceeded'    || '_OTHER'                                        | 'quota <num> exceeded'
  }

  void "an escaped exception event marks a span failed even without an error status"() {
    given:
    def s = span(Span.SpanKind.SPAN_KIND_CONSUMER, [attr('messaging.destination.name', 'orders')]).toBuilder()
        .addEvents(Span.Event.newBuilder().setName('exception')
            .addAttributes(attr('exception.type', 'org.apache.kafka.common.errors.SerializationException'))
            .addAttributes(attr('exception.escaped', true)))
        .build()

    when:
    mapper().map(Otlp.traces(Otlp.resource('orders', '1', 'prod', 'baseline'), [s]), batch)

    then:
    batch.spanStats().values()*.errors() == [1L]
    batch.signatures().values()*.signature()*.errorClass() == ['org.apache.kafka.common.errors.SerializationException']
    batch.failures().values()*.getAt(0) == [1L]
  }

  void "a signature keeps at most five exemplars and counts every failure"() {
    given:
    def spans = (0..<8).collect { Otlp.httpServer(it, 'GET', '/x', T0 + it, 3, 503).build() }

    when:
    mapper().map(Otlp.traces(Otlp.resource('shop', '1', 'prod', 'canary'), spans), batch)

    then:
    batch.signatures().size() == 1
    batch.signatures().values().first().exemplars().size() == 5
    batch.failures().values()*.getAt(0) == [8L]
  }

  void "the cardinality guard folds pairs beyond the limit into the overflow series"() {
    given:
    def spans = (0..<30).collect { Otlp.httpServer(it, 'GET', "/r${it % 5}", T0, 3, 200).build() }

    when:
    mapper(AttributeMapping.defaults(), 3).map(Otlp.traces(Otlp.resource('shop', '1', 'prod', 'canary'), spans), batch)

    then:
    batch.spanStats().size() == 4
    def overflow = batch.spanStats().find { k, v -> k.series() == SeriesKey.overflow('shop') }
    overflow.value.requests() == 12
    batch.spanStats().values().sum { it.requests() } == 30
    overflowed.size() == 12
    overflowed.toSet() == ['shop'] as Set
  }

  void "test traffic has a cardinality budget of its own: it folds into the test overflow row and leaves production's pairs alone"() {
    given: '20 test spans of 20 test cases, then 2 production routes, with room for 3 pairs per service'
    def tests = (0..<20).collect {
      Otlp.httpServer(it, 'GET', '/r', T0, 3, 200).addAttributes(attr('test.run.id', 'run-1')).addAttributes(attr('test.case.name', "case-$it")).build()
    }
    def users = (0..<10).collect { Otlp.httpServer(it, 'GET', "/u${it % 2}", T0, 3, 200).build() }

    when:
    def m = mapper(AttributeMapping.defaults(), 3)
    m.map(Otlp.traces(Otlp.resource('shop', '1', 'prod', 'canary'), tests), batch)
    m.map(Otlp.traces(Otlp.resource('shop', '1', 'prod', 'canary'), users), batch)

    then: 'production keeps both routes'
    batch.spanStats().keySet()*.operation() as Set == ['GET /u0', 'GET /u1'] as Set
    batch.spanStats().values().sum { it.requests() } == 10

    and: 'test traffic has three cases and an overflow row with the other 17 spans'
    def rows = batch.testTraffic().spans()
    rows.size() == 4
    rows.find { k, v -> k.test() == TestId.OVERFLOW }.value.requests() == 17
    rows.values().sum { it.requests() } == 20
    batch.spans() == 30
  }

  void "test marks are read from the span before the resource, and #keys can be configured"() {
    given:
    def mapping = AttributeMapping.defaults().withTestTraffic(keys)
    def resource = Otlp.resource('shop', '1', 'prod', 'canary').toBuilder().addAttributes(attr('ci.run', 'from-resource')).build()
    def s = Otlp.httpServer(1, 'GET', '/r', T0, 3, 200).addAllAttributes(spanAttrs).build()

    when:
    mapper(mapping).map(Otlp.traces(resource, [s]), batch)

    then:
    batch.testTraffic().spans().keySet()*.test() == (test == null ? [] : [test])
    batch.spanStats().size() == (test == null ? 1 : 0)

    where:
    keys                                                                                                   | spanAttrs                                                  || test
    TestTrafficKeys.defaults()                                                                             | [attr('test.case.id', 'c-1')]                              || new TestId('', 'c-1')
    TestTrafficKeys.defaults()                                                                             | [attr('user_agent.synthetic.type', 'test')]                || new TestId('', '')
    TestTrafficKeys.defaults()                                                                             | [attr('user_agent.synthetic.type', 'human')]               || null
    TestTrafficKeys.defaults()                                                                             | [attr('ci.run', 'x')]                                      || null
    TestTrafficKeys.none()                                                                                 | [attr('test.run.id', 'r'), attr('test.case.name', 'c')]    || null
    new TestTrafficKeys(['ci.run'], ['test.case.name'], [], 'user_agent.synthetic.type', ['test'] as Set)  | [attr('test.case.name', 'c')]                              || new TestId('from-resource', 'c')
    new TestTrafficKeys(['ci.run'], ['test.case.name'], [], 'user_agent.synthetic.type', ['test'] as Set)  | [attr('ci.run', 'on-span')]                                || new TestId('on-span', '')
  }

  void "NUL characters, which PostgreSQL text cannot hold, are dropped from stored values"() {
    when:
    mapper().map(Otlp.traces(Otlp.resource('sh\u0000op', '1', 'prod', 'canary'),
        [span(Span.SpanKind.SPAN_KIND_SERVER, [attr('http.route', '/a\u0000b')])]), batch)

    then:
    batch.spanStats().keySet()*.operation() == ['/ab']
    batch.spanStats().keySet()*.series()*.service() == ['shop']
  }

  void "oversized attribute values are truncated"() {
    given:
    def mapping = AttributeMapping.defaults().withMaxValueLength(32)
    def s = span(Span.SpanKind.SPAN_KIND_SERVER, [attr('http.route', '/' + 'a' * 5000)])
    def resource = Otlp.resource('s' * 1000, 'v' * 300, 'prod', 'canary')

    when:
    mapper(mapping).map(Otlp.traces(resource, [s]), batch)
    def key = batch.spanStats().keySet().first()

    then:
    key.operation().length() == 32
    key.series().service() == 's' * 32
    key.series().version() == 'v' * 32
  }
}

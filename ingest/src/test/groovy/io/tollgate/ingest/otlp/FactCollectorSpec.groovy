package io.tollgate.ingest.otlp

import static io.tollgate.ingest.testing.Otlp.attr

import io.opentelemetry.proto.common.v1.AnyValue
import io.opentelemetry.proto.common.v1.ArrayValue
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.resource.v1.Resource
import io.opentelemetry.proto.trace.v1.Span
import io.tollgate.ingest.testing.Otlp
import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.FactKey
import io.tollgate.telemetry.aggregate.PartitionBatch
import spock.lang.Specification

/** What the trace mapper records about a resource's running system, for environment parity. */
class FactCollectorSpec extends Specification {
  static final long T0 = 1_700_000_040_000_000_000L

  PartitionBatch batch = new PartitionBatch('otlp_spans', 0, -1, 0)

  void map(Resource resource, List<Span> spans) {
    new TraceMapper(AttributeMapping.defaults(), new CardinalityGuard(100, {})).map(Otlp.traces(resource, spans), batch)
  }

  static Span span(Span.SpanKind kind, List<KeyValue> attrs, long t = T0, List<Span.Event> events = []) {
    Span.newBuilder().setName('s').setKind(kind).setStartTimeUnixNano(t).setEndTimeUnixNano(t + 1_000_000)
        .addAllAttributes(attrs).addAllEvents(events).build()
  }

  Map<String, List<String>> facts() {
    batch.facts().seen().keySet().groupBy { it.fact() }.collectEntries { k, v -> [(k): v*.value().sort()] }
  }

  void "client and producer spans name their dependencies; server and consumer spans do not"() {
    when:
    map(Otlp.resource('shop', '1.0', 'prod', null), [
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('peer.service', 'payments'), attr('server.address', '10.0.0.1')]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('server.address', 'api.stripe.com'), attr('server.port', 443L)]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('db.system.name', 'postgresql'), attr('server.address', 'db')]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('db.system', 'redis')]),
        span(Span.SpanKind.SPAN_KIND_PRODUCER, [attr('messaging.system', 'kafka')]),
        span(Span.SpanKind.SPAN_KIND_CONSUMER, [attr('messaging.system', 'rabbitmq')]),
        span(Span.SpanKind.SPAN_KIND_SERVER, [attr('peer.service', 'browser')]),
        span(Span.SpanKind.SPAN_KIND_INTERNAL, [attr('db.system', 'sqlite')])])

    then:
    facts().keySet().findAll { it.startsWith('dependency.') }.sort() == [
        'dependency.address/api.stripe.com', 'dependency.address/db', 'dependency.db/postgresql', 'dependency.db/redis',
        'dependency.messaging/kafka', 'dependency.service/payments']
  }

  void "resource facts carry first and last span time; image tags are joined; flags keep their variants"() {
    given:
    def tags = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
        .addValues(AnyValue.newBuilder().setStringValue('v1.2.3')).addValues(AnyValue.newBuilder().setStringValue('latest'))).build()
    def resource = Otlp.resource('shop', '1.0', 'prod', null).toBuilder()
        .addAttributes(attr('process.runtime.version', '21.0.2'))
        .addAttributes(KeyValue.newBuilder().setKey('container.image.tags').setValue(tags)).build()
    def flag = { String key, String variantKey, String variant ->
      Span.Event.newBuilder().setName('feature_flag.evaluation').addAttributes(attr('feature_flag.key', key))
          .addAttributes(attr(variantKey, variant)).build()
    }

    when:
    map(resource, [
        span(Span.SpanKind.SPAN_KIND_SERVER, [], T0, [flag('cart', 'feature_flag.result.variant', 'on')]),
        span(Span.SpanKind.SPAN_KIND_SERVER, [], T0 + 60_000_000_000L, [flag('cart', 'feature_flag.variant', 'off'),
            Span.Event.newBuilder().setName('feature_flag.evaluation').addAttributes(attr('feature_flag.result.variant', 'x')).build()])])

    then:
    facts() == ['service.version': ['1.0'], 'telemetry.sdk.language': ['java'], 'telemetry.sdk.name': ['opentelemetry'],
                'process.runtime.version': ['21.0.2'], 'container.image.tag': ['v1.2.3,latest'], 'feature_flag/cart': ['off', 'on']]
    batch.facts().seen()[new FactKey('shop', 'prod', 'process.runtime.version', '21.0.2')] == [T0, T0 + 60_000_000_000L] as long[]
  }

  void "a resource without a deployment environment has no facts"() {
    when:
    map(Resource.newBuilder().addAttributes(attr('service.name', 'shop')).addAttributes(attr('os.type', 'linux')).build(),
        [span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('peer.service', 'payments')])])

    then:
    batch.facts().isEmpty()
  }

  void "long names and values are cut to the value length"() {
    when:
    map(Otlp.resource('shop', '1.0', 'prod', null),
        [span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('peer.service', 'p' * 1000)])])

    then:
    batch.facts().seen().keySet().every { it.fact().length() <= 256 && it.value().length() <= 256 }
    batch.facts().seen().keySet().any { it.fact().startsWith('dependency.service/ppp') }
  }

  static KeyValue array(String key, List values) {
    KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
        .addAllValues(values.collect { it instanceof Long ? AnyValue.newBuilder().setIntValue(it).build()
            : AnyValue.newBuilder().setStringValue(it).build() }))).build()
  }

  void "what differs between instances of one set-up is never a fact; arrays are joined, key-value lists left out"() {
    given: 'a resource as the SDK detectors and the agent describe one instance'
    def resource = Otlp.resource('shop', '1.0', 'prod', null).toBuilder()
        .addAttributes(attr('service.instance.id', '0b6f5c43-7a1e-4b9e-9d1a-2f0e3c4d5e6f'))
        .addAttributes(attr('host.name', 'shop-7f9c8d-x2x4k')).addAttributes(attr('host.id', 'f3a1'))
        .addAttributes(attr('host.arch', 'amd64')).addAttributes(attr('process.pid', 4242L))
        .addAttributes(attr('container.id', 'a' * 64)).addAttributes(attr('process.executable.path', '/opt/java/bin/java'))
        .addAttributes(array('process.command_args', ['/opt/java/bin/java', '-jar', 'shop.jar']))
        .addAttributes(attr('telemetry.distro.name', 'opentelemetry-java-instrumentation'))
        .addAttributes(attr('telemetry.distro.version', '2.21.0'))
        .addAttributes(array('os.description', ['Linux', 6L]))
        .addAttributes(KeyValue.newBuilder().setKey('process.runtime.description').setValue(AnyValue.newBuilder()
            .setKvlistValue(io.opentelemetry.proto.common.v1.KeyValueList.newBuilder().addValues(attr('a', 'b'))))).build()

    when:
    map(resource, [span(Span.SpanKind.SPAN_KIND_SERVER, [])])

    then:
    facts() == ['service.version': ['1.0'], 'telemetry.sdk.language': ['java'], 'telemetry.sdk.name': ['opentelemetry'],
                'telemetry.distro.name': ['opentelemetry-java-instrumentation'], 'telemetry.distro.version': ['2.21.0'],
                'host.arch': ['amd64'], 'os.description': ['Linux,6']]
  }

  void "peer addresses name the service, not its namespace or instance; older conventions and URLs name it too"() {
    when:
    map(Otlp.resource('shop', '1.0', 'prod', null), [
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('server.address', 'Payments.shop-prod.svc.cluster.local.')]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('db.system', 'postgresql'), attr('server.address', 'orders-db.shop-prod.svc')]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('db.system', 'redis'), attr('server.address', '10.0.3.7')]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('server.address', 'fe80::1')]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('net.peer.name', 'inventory'), attr('http.url', 'http://ignored:80/x')]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('http.method', 'GET'), attr('http.url', 'https://api.stripe.com/v1/charges')]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('url.full', 'http://[::1]:8080/')]),
        span(Span.SpanKind.SPAN_KIND_CLIENT, [attr('url.full', 'not a url')]),
        span(Span.SpanKind.SPAN_KIND_PRODUCER, [attr('messaging.system', 'kafka'), attr('server.address', 'kafka-0.kafka.prod.svc')])])

    then:
    facts().keySet().findAll { it.startsWith('dependency.') }.sort() == [
        'dependency.address/api.stripe.com', 'dependency.address/inventory', 'dependency.address/orders-db',
        'dependency.address/payments', 'dependency.db/postgresql', 'dependency.db/redis', 'dependency.messaging/kafka']
  }
}

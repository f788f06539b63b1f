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
}

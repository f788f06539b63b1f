package io.tollgate.gate.parity

import com.google.protobuf.ByteString
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.common.v1.AnyValue
import io.opentelemetry.proto.common.v1.ArrayValue
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.resource.v1.Resource
import io.opentelemetry.proto.trace.v1.ResourceSpans
import io.opentelemetry.proto.trace.v1.ScopeSpans
import io.opentelemetry.proto.trace.v1.Span
import java.time.Instant

/**
 * OTLP export requests of a shop in production and staging with known differences, written with
 * the OpenTelemetry semantic-convention attribute names (and some of their older names, as older
 * SDKs send them):
 *
 * <ul>
 *   <li>checkout 1.4.2 in production, 1.5.0 in staging (image tags likewise), SDK 1.56.0 vs 1.57.0,
 *       same runtime, OS and image name
 *   <li>it calls payments (2.3.1 in production, 2.4.0 in staging) and PostgreSQL in both; Kafka only
 *       in production; a fraud API only in staging
 *   <li>flag new-cart: variant off in production, on in staging
 *   <li>inventory reports in production only
 * </ul>
 */
class TwoEnvironments {
  /** What parity of checkout from staging to production must list, and nothing else. */
  static final List<Map> CHECKOUT_DIFFERENCES = [
      [fact: 'container.image.tag', factKind: 'container', from: '1.5.0', to: '1.4.2', kind: 'differs'],
      [fact: 'dependency.address/fraud', factKind: 'dependency', from: 'called', to: null, kind: 'only-in-from'],
      [fact: 'dependency.messaging/kafka', factKind: 'dependency', from: null, to: 'called', kind: 'only-in-to'],
      [fact: 'dependency.service/payments', factKind: 'dependency', from: '2.4.0', to: '2.3.1', kind: 'differs'],
      [fact: 'feature_flag/new-cart', factKind: 'feature_flag', from: 'on', to: 'off', kind: 'differs'],
      [fact: 'service.version', factKind: 'version', from: '1.5.0', to: '1.4.2', kind: 'differs'],
      [fact: 'telemetry.sdk.version', factKind: 'sdk', from: '1.57.0', to: '1.56.0', kind: 'differs']]

  /** The facts both environments share. */
  static final List<String> CHECKOUT_SAME = ['container.image.name', 'dependency.address/orders-db',
      'dependency.db/postgresql', 'os.type',
      'process.runtime.name', 'process.runtime.version', 'telemetry.sdk.language', 'telemetry.sdk.name']

  final Instant at
  private long ids = 1

  TwoEnvironments(Instant at) { this.at = at }

  ExportTraceServiceRequest production() {
    ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(checkout(['deployment.environment.name': 'production', 'service.version': '1.4.2',
                                    'telemetry.sdk.version': '1.56.0'], ['1.4.2'], [
            client('POST /pay', ['peer.service': 'payments', 'server.address': 'payments']),
            client('INSERT orders', ['db.system.name': 'postgresql', 'server.address': 'orders-db']),
            producer('orders publish', ['messaging.system': 'kafka']),
            server('POST /checkout', flag('feature_flag.result.variant', 'off'))]))
        .addResourceSpans(service('payments', ['deployment.environment.name': 'production', 'service.version': '2.3.1']))
        .addResourceSpans(service('inventory', ['deployment.environment.name': 'production', 'service.version': '3.0.0']))
        .build()
  }

  ExportTraceServiceRequest staging() {
    ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(checkout(['deployment.environment': 'staging', 'service.version': '1.5.0',
                                    'telemetry.sdk.version': '1.57.0'], ['1.5.0'], [
            client('POST /pay', ['service.peer.name': 'payments']),
            client('INSERT orders', ['db.system': 'postgresql', 'server.address': 'orders-db']),
            client('POST /score', ['server.address': 'fraud.staging.svc', 'server.port': '443']),
            server('POST /checkout', flag('feature_flag.variant', 'on'))]))
        .addResourceSpans(service('payments', ['deployment.environment': 'staging', 'service.version': '2.4.0']))
        .build()
  }

  /** A tenant that evaluates a new flag key on every span, with very long keys. */
  ExportTraceServiceRequest noisy(int flags) {
    def spans = (0..<flags).collect { i ->
      server('GET /x', [Span.Event.newBuilder().setName('feature_flag.evaluation').setTimeUnixNano(nanos())
          .addAllAttributes(attrs(['feature_flag.key': "flag-$i-" + 'k' * 600, 'feature_flag.result.variant': 'v' * 300]))
          .build()])
    }
    ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAllAttributes(attrs(['service.name': 'noisy',
            'deployment.environment.name': 'production'])))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build()
  }

  private ResourceSpans checkout(Map<String, String> differing, List<String> tags, List<Span> spans) {
    Map<String, String> common = ['service.name': 'checkout', 'process.runtime.name': 'OpenJDK Runtime Environment',
        'process.runtime.version': '21.0.2+13', 'telemetry.sdk.name': 'opentelemetry', 'telemetry.sdk.language': 'java',
        'os.type': 'linux', 'container.image.name': 'ghcr.io/shop/checkout']
    def tagList = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
        .addAllValues(tags.collect { AnyValue.newBuilder().setStringValue(it).build() })).build()
    ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAllAttributes(attrs(common + differing))
            .addAttributes(KeyValue.newBuilder().setKey('container.image.tags').setValue(tagList)))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))
        .build()
  }

  private ResourceSpans service(String name, Map<String, String> resource) {
    ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAllAttributes(attrs(['service.name': name] + resource)))
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(server('GET /', [])))
        .build()
  }

  private List<Span.Event> flag(String variantKey, String variant) {
    [Span.Event.newBuilder().setName('feature_flag.evaluation').setTimeUnixNano(nanos())
         .addAllAttributes(attrs(['feature_flag.key': 'new-cart', (variantKey): variant,
                                  'feature_flag.provider.name': 'flagd'])).build()]
  }

  private Span client(String name, Map<String, String> attributes) { span(name, Span.SpanKind.SPAN_KIND_CLIENT, attributes, []) }

  private Span producer(String name, Map<String, String> attributes) { span(name, Span.SpanKind.SPAN_KIND_PRODUCER, attributes, []) }

  private Span server(String name, List<Span.Event> events) {
    span(name, Span.SpanKind.SPAN_KIND_SERVER, ['http.route': name.split(' ')[1], 'peer.service': 'ignored-on-server-spans'], events)
  }

  private Span span(String name, Span.SpanKind kind, Map<String, String> attributes, List<Span.Event> events) {
    long id = ids++
    Span.newBuilder()
        .setTraceId(ByteString.copyFrom(java.nio.ByteBuffer.allocate(16).putLong(7L).putLong(id).array()))
        .setSpanId(ByteString.copyFrom(longBytes(id)))
        .setName(name).setKind(kind)
        .setStartTimeUnixNano(nanos()).setEndTimeUnixNano(nanos() + 5_000_000L)
        .addAllAttributes(attrs(attributes))
        .addAllEvents(events)
        .build()
  }

  private long nanos() { at.epochSecond * 1_000_000_000L }

  private static byte[] longBytes(long v) { java.nio.ByteBuffer.allocate(8).putLong(v).array() }

  static List<KeyValue> attrs(Map<String, String> m) {
    m.collect { k, v -> KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build() }
  }
}

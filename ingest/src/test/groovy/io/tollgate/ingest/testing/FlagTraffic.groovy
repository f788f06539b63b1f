package io.tollgate.ingest.testing

import static io.tollgate.ingest.testing.Otlp.attr

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.common.v1.AnyValue
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.trace.v1.Span

/**
 * Spans with feature-flag span events as the OpenFeature OpenTelemetry hooks write them, and the
 * exact counts per variant they add up to.
 */
class FlagTraffic {
  /** The event names and attributes each hook generation writes. */
  enum Style {
    /** Semantic conventions 1.32 on: OpenFeature Go NewTracesHook, JS SpanEventHook. */
    EVALUATION,
    /** Older conventions: OpenFeature JS TracingHook, Python TracingHook. */
    LEGACY,
    /** OpenFeature Java TracesHook (dev.openfeature.contrib.hooks:otel). */
    JAVA_TRACES_HOOK,
    /** Go NewTracesHook when the provider names no variant: only the value. */
    VALUE_ONLY
  }

  static Span.Event event(Style style, String flag, String variant, long timeNanos) {
    def e = Span.Event.newBuilder().setTimeUnixNano(timeNanos)
    switch (style) {
      case Style.EVALUATION:
        e.setName('feature_flag.evaluation')
            .addAttributes(attr('feature_flag.key', flag))
            .addAttributes(attr('feature_flag.provider.name', 'flagd'))
            .addAttributes(attr('feature_flag.result.variant', variant))
            .addAttributes(attr('feature_flag.result.reason', 'targeting_match'))
            .addAttributes(attr('feature_flag.context.id', 'user-42'))
        break
      case Style.LEGACY:
        e.setName('feature_flag')
            .addAttributes(attr('feature_flag.key', flag))
            .addAttributes(attr('feature_flag.provider_name', 'flagd'))
            .addAttributes(attr('feature_flag.variant', variant))
        break
      case Style.JAVA_TRACES_HOOK:
        e.setName('feature_flag')
            .addAttributes(attr('feature_flag.flag_key', flag))
            .addAttributes(attr('feature_flag.provider_name', 'flagd'))
            .addAttributes(attr('feature_flag.variant', variant))
        break
      case Style.VALUE_ONLY:
        e.setName('feature_flag.evaluation')
            .addAttributes(attr('feature_flag.key', flag))
            .addAttributes(attr('feature_flag.provider.name', 'flagd'))
            .addAttributes(KeyValue.newBuilder().setKey('feature_flag.result.value')
                .setValue(AnyValue.newBuilder().setBoolValue(Boolean.parseBoolean(variant))))
            .addAttributes(attr('feature_flag.result.reason', 'split'))
        break
    }
    e.build()
  }

  final String service
  final String version
  final long t0
  final Style style
  long seq
  /** requests and errors sent per "flag/variant/minute". */
  final Map<String, long[]> expected = new TreeMap<>()
  long requests

  FlagTraffic(String service, String version, long t0, Style style = Style.EVALUATION) {
    this.service = service
    this.version = version
    this.t0 = t0
    this.style = style
  }

  /**
   * One export request of {@code n} POST /checkout server spans in minute {@code minute}, each
   * evaluating {@code flag}: the variant {@code variantOf(i)}, an error (status 500) when
   * {@code failed(i)}. The span ends with an exception event as the Java agent records it.
   */
  ExportTraceServiceRequest request(int minute, int n, String flag, Closure<String> variantOf,
                                    Closure<Boolean> failed) {
    List<Span> spans = []
    n.times { int i ->
      long start = t0 + minute * 60_000_000_000L + i * 1_000_000L
      boolean error = failed(i)
      String variant = variantOf(i)
      def s = Otlp.httpServer(seq++, 'POST', '/checkout', start, 20 + (i % 7), error ? 500 : 200)
          .addEvents(event(style, flag, variant, start + 100_000))
      spans << s.build()
      requests++
      if (flag != null) {
        long[] c = expected.computeIfAbsent("$flag/$variant/$minute".toString()) { new long[2] }
        c[0]++
        if (error) {
          c[1]++
        }
      }
    }
    Otlp.traces(Otlp.resource(service, version, 'prod', null), spans)
  }

  /** Requests and errors sent with {@code variant} of {@code flag}, over all minutes. */
  List<Long> total(String flag, String variant) {
    long r = 0
    long e = 0
    expected.each { k, c ->
      if (k.startsWith("$flag/$variant/")) {
        r += c[0]
        e += c[1]
      }
    }
    [r, e]
  }
}

package io.tollgate.ingest.otlp

import io.tollgate.ingest.testing.FlagTraffic
import io.tollgate.ingest.testing.FlagTraffic.Style
import io.tollgate.telemetry.aggregate.CardinalityGuard
import io.tollgate.telemetry.aggregate.PartitionBatch
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.ingest.testing.Otlp
import spock.lang.Specification

class FlagVariantsSpec extends Specification {
  static final long T0 = 1_700_000_040_000_000_000L

  PartitionBatch batch = new PartitionBatch('otlp_spans', 0, -1, 0)

  TraceMapper mapper(Set<String> flags = ['new-checkout'] as Set, int maxVariants = 10, int maxSeries = 100) {
    new TraceMapper(AttributeMapping.defaults().withFlags(new FlagMapping(flags, maxVariants)),
        new CardinalityGuard(maxSeries, {}))
  }

  /** requests/errors per "flag variant" in the batch's flag rows. */
  Map<String, List<Long>> flagCounts() {
    Map<String, List<Long>> out = new TreeMap<>()
    batch.flagSpans().stats().each { k, s ->
      def sum = out.computeIfAbsent("${k.flag()} ${k.variant()}".toString()) { [0L, 0L] }
      sum[0] += s.requests()
      sum[1] += s.errors()
    }
    out
  }

  void "#style events give per-variant requests and errors, and the spans stay in the main series"() {
    given:
    def traffic = new FlagTraffic('shop', '1.4.0', T0, style)

    when:
    mapper().map(traffic.request(0, 40, 'new-checkout', { i -> i % 4 == 0 ? on : off }, { i -> i % 8 == 0 }), batch)

    then: 'every fourth span saw the new variant, and every other one of those failed'
    flagCounts() == [("new-checkout $on".toString()): [10L, 5L], ("new-checkout $off".toString()): [30L, 0L]]

    and: 'the main series counts all 40 as before'
    batch.spanStats().values()*.requests().sum() == 40
    batch.spanStats().values()*.errors().sum() == 5
    batch.spanStats().keySet()*.series() as Set == [new SeriesKey('shop', '1.4.0', 'prod', '')] as Set

    and: 'the failures are counted per signature and variant'
    batch.flagSpans().failures().collectEntries { k, v -> [(k.variant()): v[0]] } == [(on): 5L]
    batch.flagSpans().failures().keySet()*.signatureId() == [batch.signatures().keySet().first()]

    and: 'flag rows carry the series, the operation and the minute'
    batch.flagSpans().stats().keySet().every {
      it.series() == new SeriesKey('shop', '1.4.0', 'prod', '') && it.operation() == 'POST /checkout' &&
          it.minuteEpochSecond() == 1_700_000_040L
    }

    where:
    style                  | on     | off
    Style.EVALUATION       | 'on'   | 'off'
    Style.LEGACY           | 'on'   | 'off'
    Style.JAVA_TRACES_HOOK | 'on'   | 'off'
    Style.VALUE_ONLY       | 'true' | 'false'
  }

  void "flags not configured are ignored"() {
    given:
    def traffic = new FlagTraffic('shop', '1', T0)

    when:
    mapper(['new-checkout'] as Set).map(traffic.request(0, 10, 'dark-mode', { 'on' }, { false }), batch)
    mapper([] as Set).map(traffic.request(0, 10, 'new-checkout', { 'on' }, { false }), batch)

    then:
    batch.flagSpans().stats().isEmpty()
    batch.spanStats().values()*.requests().sum() == 20
  }

  void "variants beyond the cap of a flag are counted under the overflow variant"() {
    given:
    def traffic = new FlagTraffic('shop', '1', T0)
    def m = mapper(['new-checkout'] as Set, 3)

    when: 'five variants, the first three admitted'
    m.map(traffic.request(0, 50, 'new-checkout', { i -> 'v' + (i % 5) }, { false }), batch)

    then:
    flagCounts() == ['new-checkout v0': [10L, 0L], 'new-checkout v1': [10L, 0L], 'new-checkout v2': [10L, 0L],
                     ('new-checkout ' + SeriesKey.OVERFLOW): [20L, 0L]]
  }

  void "a span that evaluated the flag twice counts once, with its first variant"() {
    given:
    def span = Otlp.httpServer(1, 'GET', '/cart', T0, 10, 200)
        .addEvents(FlagTraffic.event(Style.EVALUATION, 'new-checkout', 'on', T0 + 1))
        .addEvents(FlagTraffic.event(Style.EVALUATION, 'new-checkout', 'off', T0 + 2))
        .build()

    when:
    mapper().map(Otlp.traces(Otlp.resource('shop', '1', 'prod', null), [span]), batch)

    then:
    flagCounts() == ['new-checkout on': [1L, 0L]]
  }

  void "a span whose series went to the overflow series counts under the flag's overflow row"() {
    given: 'room for one series-operation pair only'
    def m = mapper(['new-checkout'] as Set, 10, 1)
    def a = Otlp.httpServer(1, 'GET', '/a', T0, 10, 200).addEvents(FlagTraffic.event(Style.EVALUATION, 'new-checkout', 'on', T0))
    def b = Otlp.httpServer(2, 'GET', '/b', T0, 10, 200).addEvents(FlagTraffic.event(Style.EVALUATION, 'new-checkout', 'on', T0))

    when:
    m.map(Otlp.traces(Otlp.resource('shop', '1', 'prod', null), [a.build(), b.build()]), batch)

    then:
    batch.flagSpans().stats().keySet().collect { [it.operation(), it.variant()] } as Set ==
        [['GET /a', 'on'], [SeriesKey.OVERFLOW, SeriesKey.OVERFLOW]] as Set
  }

  void "a flag mapping is bounded: #problem"() {
    when:
    new FlagMapping(keys as Set, max)

    then:
    def e = thrown(IllegalArgumentException)
    e.message.contains(message)

    where:
    problem             | keys                             | max || message
    'too many keys'     | (1..101).collect { 'f' + it }   | 10  || 'at most 100'
    'blank key'         | [' ']                            | 10  || '1 to 512'
    'no variants'       | ['a']                            | 0   || 'maxVariants'
    'too many variants' | ['a']                            | 101 || 'maxVariants'
  }
}

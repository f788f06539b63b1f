package io.tollgate.ingest.kafka

import io.tollgate.ingest.otlp.AttributeMapping
import io.tollgate.ingest.otlp.FlagMapping
import io.tollgate.ingest.otlp.OtlpEncoding
import io.tollgate.ingest.testing.FlagTraffic
import io.tollgate.ingest.testing.FlagTraffic.Style
import io.tollgate.ingest.testing.Otlp
import io.tollgate.ingest.testing.Stored
import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.FlagQuery
import io.tollgate.telemetry.store.SpanQuery

/** Spans with feature-flag events through the real broker, as the Collector's Kafka exporter writes them. */
class FlagIngestSpec extends IngestBrokerSpecification {

  int partitions() { 3 }

  IngestConfig flagConfig(int maxVariants = 10) {
    config().withMapping(AttributeMapping.defaults().withFlags(new FlagMapping(['new-checkout'] as Set, maxVariants)))
  }

  /** requests/errors per "variant/minute" of new-checkout as stored. */
  Map<String, List<Long>> stored(AggregateReader reader, List<String> variants) {
    Map<String, List<Long>> out = new TreeMap<>()
    variants.each { v ->
      reader.minuteCounts(FlagQuery.of(SpanQuery.of('checkout', FROM, TO), 'new-checkout', v)).each {
        out["new-checkout/$v/${(it.minute().epochSecond - 1_700_000_040L).intdiv(60)}".toString()] = [it.requests(), it.errors()]
      }
    }
    out
  }

  void "#encoding records with #style flag events give per-variant series with exact counts"() {
    given:
    def traffic = new FlagTraffic('checkout', '2.0.0', T0, style)
    def reader = new AggregateReader(ds)
    60.times { r ->
      def request = traffic.request(r % 3, 25, 'new-checkout', { i -> (r + i) % 10 < 2 ? 'on' : 'off' },
          { i -> (r + i) % 10 < 2 && i % 3 == 0 })
      produce(topic, encoding == OtlpEncoding.OTLP_JSON ? Otlp.json(request) : request.toByteArray())
    }
    flush()

    when:
    start(flagConfig().withEncoding(encoding))

    then: 'the main series counts every span'
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == traffic.requests
    }

    and: 'each variant has exactly the requests and errors sent with it, minute by minute'
    stored(reader, ['on', 'off']) == traffic.expected.collectEntries { k, v -> [k, [v[0], v[1]]] }

    and: 'failure signatures per variant count every failed span'
    reader.variantSignatures('checkout', 'new-checkout', FROM, TO).collectEntries { it.failuresByTrack() } ==
        [on: traffic.total('new-checkout', 'on')[1]]

    where:
    encoding               | style
    OtlpEncoding.OTLP_PROTO | Style.EVALUATION
    OtlpEncoding.OTLP_JSON  | Style.EVALUATION
    OtlpEncoding.OTLP_PROTO | Style.LEGACY
  }

  void "unconfigured flags are ignored and variants beyond the cap go to overflow"() {
    given:
    def traffic = new FlagTraffic('checkout', '2.0.0', T0)
    def reader = new AggregateReader(ds)
    20.times { r ->
      produce(topic, traffic.request(0, 8, 'new-checkout', { i -> 'v' + (i % 4) }, { false }).toByteArray())
      produce(topic, traffic.request(0, 10, 'dark-mode', { 'on' }, { false }).toByteArray())
    }
    flush()

    when: 'two variants admitted per flag'
    start(flagConfig(2))

    then:
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == traffic.requests
    }
    def perVariant = ['v0', 'v1', 'v2', 'v3', SeriesKey.OVERFLOW].collectEntries { v ->
      [v, reader.operationCounts(FlagQuery.of(SpanQuery.of('checkout', FROM, TO), 'new-checkout', v))*.requests().sum() ?: 0]
    }
    perVariant.values().sum() == 160
    perVariant[SeriesKey.OVERFLOW] == 80
    perVariant.findAll { it.value == 40 }.size() == 2
    reader.operationCounts(FlagQuery.of(SpanQuery.of('checkout', FROM, TO), 'dark-mode', 'on')).isEmpty()
  }
}

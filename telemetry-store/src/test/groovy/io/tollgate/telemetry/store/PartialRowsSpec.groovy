package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.telemetry.aggregate.MetricStats
import io.tollgate.telemetry.aggregate.SignatureSeen
import io.tollgate.telemetry.aggregate.Sketches
import io.tollgate.telemetry.aggregate.SpanStats
import spock.lang.Specification

class PartialRowsSpec extends Specification {
  static final long S = 1_000_000_000L

  static SpanStats span(long requests, long errors, List<Double> latencies) {
    def sketch = Sketches.newSketch()
    latencies.each { sketch.accept(it) }
    SpanStats.of(requests, errors, sketch)
  }

  void "span rows of one key add up, and their latency sketches merge"() {
    given:
    def rows = PartialRows.<String> spans()

    when:
    rows.add('a', span(3, 1, [10d, 20d, 30d]))
    rows.add('b', span(1, 0, [5d]))
    rows.add('a', span(2, 2, [40d, 50d]))

    then:
    def a = rows.merged()['a']
    a.requests() == 5
    a.errors() == 3
    a.latencyMs().count == 5d
    Math.abs(a.latencyMs().maxValue - 50d) <= 0.5
    rows.merged()['b'].requests() == 1
    rows.merged().keySet() as List == ['a', 'b']
  }

  static MetricStats gauge(double value, long t) {
    def s = new MetricStats('gauge', false)
    s.addValue(value, t)
    s
  }

  void "a gauge keeps the newest sample whatever order its rows come in: #order"() {
    given: 'three batches of one minute; the second holds the newest point'
    def rows = PartialRows.<String> metrics()
    def byBatch = [gauge(5, 10 * S), gauge(9, 40 * S), gauge(7, 20 * S)]

    when:
    order.each { rows.add('m', byBatch[it]) }

    then:
    def m = rows.merged()['m']
    m.last() == 9d
    m.lastTimeNanos() == 40 * S
    m.min() == 5d
    m.max() == 9d
    m.samples() == 3
    m.sum() == 21d

    where:
    order << [[0, 1, 2], [2, 1, 0], [1, 0, 2]]
  }

  void "on equal times the gauge row added later wins, as a later batch did when rows were merged on write"() {
    given:
    def rows = PartialRows.<String> metrics()

    when:
    rows.add('m', gauge(1, 10 * S))
    rows.add('m', gauge(2, 10 * S))

    then:
    rows.merged()['m'].last() == 2d
  }

  static MetricStats cumulative(double value, long t) {
    def s = new MetricStats('sum', true)
    s.addValue(value, t)
    s
  }

  void "a cumulative sum keeps the newest point instead of adding up: #order"() {
    given:
    def rows = PartialRows.<String> metrics()
    def byBatch = [cumulative(100, 10 * S), cumulative(130, 50 * S), cumulative(120, 30 * S)]

    when:
    order.each { rows.add('m', byBatch[it]) }

    then:
    def m = rows.merged()['m']
    m.samples() == 1
    m.sum() == 130d
    m.last() == 130d
    m.min() == 100d
    m.max() == 130d

    where:
    order << [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
  }

  void "delta histogram rows add counts and sums and merge their sketches"() {
    given:
    def rows = PartialRows.<String> metrics()
    def first = new MetricStats('histogram', false)
    def sketch1 = Sketches.newSketch()
    10.times { sketch1.accept(50) }
    first.addDistribution(10, 500, 50, 50, sketch1, 10 * S)
    def second = new MetricStats('histogram', false)
    def sketch2 = Sketches.newSketch()
    5.times { sketch2.accept(500) }
    second.addDistribution(5, 2500, 500, 500, sketch2, 20 * S)

    when:
    rows.add('h', first)
    rows.add('h', second)

    then:
    def h = rows.merged()['h']
    h.samples() == 15
    h.sum() == 3000d
    h.sketch().count == 15d
    h.min() == 50d
    h.max() == 500d
  }

  void "signature rows widen first and last sighting and keep the first five exemplars"() {
    given:
    def sig = new FailureSignature('checkout', 'SERVER', 'GET /', 'HTTP 503', '', 1)
    def rows = PartialRows.<String> signatures()

    when:
    rows.add('x', new SignatureSeen(sig, 20 * S, 30 * S, ['a', 'b', 'c']))
    rows.add('x', new SignatureSeen(sig, 10 * S, 25 * S, ['b', 'd', 'e', 'f']))

    then:
    def x = rows.merged()['x']
    x.firstSeenNanos() == 10 * S
    x.lastSeenNanos() == 30 * S
    x.exemplars() == ['a', 'b', 'c', 'd', 'e']
  }

  void "a stored exemplar list longer than five (appended by upserts) reads as its first five distinct"() {
    expect:
    SignatureRows.exemplars(stored) == expected

    where:
    stored            || expected
    ''                || []
    'a'               || ['a']
    'a,b,a,c'         || ['a', 'b', 'c']
    'a,b,c,d,e,f,g,h' || ['a', 'b', 'c', 'd', 'e']
  }
}

package io.tollgate.telemetry.aggregate

import spock.lang.Specification

class SpanStatsSpec extends Specification {
  void "every recorded latency reaches the sketch, however many were held back: #n"() {
    given:
    def s = SpanStats.empty()

    when:
    n.times { s.record(it % 100 + 1, it % 10 == 0) }

    then:
    s.requests() == n
    s.errors() == (n + 9).intdiv(10)
    s.latencyMs().count == n as double
    n == 0 || Math.abs(s.latencyMs().maxValue - Math.min(n, 100)) <= 0.02 * Math.min(n, 100)

    when: 'recording goes on after the sketch was read'
    s.record(500, false)

    then:
    s.latencyMs().count == n + 1 as double

    where:
    n << [0, 1, 15, SpanStats.MAX_PENDING, SpanStats.MAX_PENDING + 1, 5 * SpanStats.MAX_PENDING + 7]
  }

  void "merging takes in the other side's held-back latencies"() {
    given:
    def a = SpanStats.empty()
    def b = SpanStats.empty()
    3.times { a.record(10, false) }
    2000.times { b.record(20, true) }

    when:
    a.merge(b)

    then:
    a.requests() == 2003
    a.errors() == 2000
    a.latencyMs().count == 2003d
    Math.abs(a.latencyMs().getValueAtQuantile(0.5) - 20) <= 0.2
  }
}

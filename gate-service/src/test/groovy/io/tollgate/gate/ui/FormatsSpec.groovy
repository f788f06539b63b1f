package io.tollgate.gate.ui

import java.time.Instant
import spock.lang.Specification

class FormatsSpec extends Specification {
  def f = new Formats()

  void "numbers read as people write them"() {
    expect:
    f.num(value) == text

    where:
    value            || text
    1200.0           || "1,200"
    20000            || "20,000"
    0.0583333        || "0.0583"
    2.6666           || "2.67"
    1611260000000    || "1.61 × 10¹²"
    1.9508E-247      || "1.95 × 10⁻²⁴⁷"
    1234.5678        || "1,235"
    Double.NaN       || "n/a"
    null             || "—"
  }

  void "a p-value below 0.0001 says so instead of printing 0.0000"() {
    expect:
    f.p(p) == text

    where:
    p           || text
    0.032       || "= 0.032"
    0.5         || "= 0.5"
    1.9508E-247 || "< 0.0001"
    0.0         || "< 0.0001"
  }

  void "a judge's sentence keeps versions and short numbers, and shortens the long ones"() {
    expect:
    f.text(sentence) == readable

    where:
    sentence                                              || readable
    "e-value 1611260000000 crossed 20 (p=1.9508E-247)"    || "e-value 1.61 × 10¹² crossed 20 (p=1.95 × 10⁻²⁴⁷)"
    "ratio 0.0583333 fails pass <= 0.02"                  || "ratio 0.0583 fails pass <= 0.02"
    "canary 1.5.0 vs 1.4.2: ratio 2.67 over 10000 calls"  || "canary 1.5.0 vs 1.4.2: ratio 2.67 over 10000 calls"
    "latency_p99 1200.5 ms"                                || "latency_p99 1200.5 ms"
  }

  void "windows and sides read as sentences"() {
    expect:
    f.duration(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse(end)) == text
    f.pairs([service: "checkout", version: "1.5.0", requests: 12000]) == "service checkout · version 1.5.0 · requests 12,000"

    where:
    end                    || text
    "2026-01-01T00:15:00Z" || "15 min"
    "2026-01-01T01:30:00Z" || "1 h 30 min"
    "2026-01-01T00:00:45Z" || "45 s"
    "2026-01-03T00:00:00Z" || "2 d"
  }

  void "an instant stored as epoch seconds with a fraction or as ISO text is read back"() {
    expect:
    DecisionPages.instant(1764547200.5G) == Instant.parse("2025-12-01T00:00:00.500Z")
    DecisionPages.instant("2025-12-01T00:00:00Z") == Instant.parse("2025-12-01T00:00:00Z")
    DecisionPages.instant("not a time") == null
    DecisionPages.instant(null) == null
  }

  void "a resolved trace query names its selector"() {
    expect:
    SliMinutes.fields("service=checkout operation=POST /checkout version=1.5.0 track=canary window=[2026-01-01T00:00:00Z, 2026-01-01T00:15:00Z)") ==
        [service: "checkout", operation: "POST /checkout", version: "1.5.0", track: "canary"]
    SliMinutes.quantile("latency_p99") == 0.99
    SliMinutes.quantile("latency") == 0.5
    SliMinutes.measure("ms") == SliMinutes.Measure.LATENCY
    SliMinutes.measure("ratio") == SliMinutes.Measure.ERROR_RATIO
  }

  void "the sides chart labels whole words, colours by side and names every value"() {
    when:
    def svg = Svg.sides(["canary median": 1200.0d, "baseline median": 1100.0d, "a<b": 1d])

    then:
    svg.contains('aria-label="canary median 1200, baseline median 1100, a&lt;b 1"')
    svg.contains('>canary median</text><rect class="bar canary"')
    svg.contains('>baseline median</text><rect class="bar baseline"')
    svg.contains('>a&lt;b</text><rect class="bar other"')
  }
}

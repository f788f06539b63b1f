package io.tollgate.gate.ui

import spock.lang.Specification

class EvidenceChartSpec extends Specification {

  static List<Map> trajectory(List<List<Number>> rows) {
    rows.collect { n, share, fail, pass ->
      [time: "2026-01-01T00:00:00Z", canaryRequests: n, canaryShare: share,
       lnFailE: fail, lnFailBoundary: 3.69, lnPassE: pass, lnPassBoundary: 3.0]
    }
  }

  void "a trajectory draws both e-values against their boundaries and the canary share, and names the last values"() {
    when:
    def svg = EvidenceChart.of(trajectory([[100, 0.05, 0.1, 0.2], [600, 0.25, -0.4, 1.1], [2100, 0.5, -1.2, 3.2]]))

    then:
    svg.startsWith("<svg")
    svg.count("<polyline") == 4
    svg.contains('class="line fail"')
    svg.contains('class="line pass boundary"')
    svg.count('class="bar share"') == 3
    svg.contains('aria-label="evidence after 2100 canary requests (canary share 50%): fail ln e -1.2 of boundary 3.69, pass ln e 3.2 of boundary 3"')
  }

  void "a test without a PASS e-value draws only the FAIL line and says so in its label"() {
    when:
    def svg = EvidenceChart.of(trajectory([[100, 0.5, 0.5, null], [200, 0.5, 1.5, null]]))

    then:
    svg.count("<polyline") == 2
    !svg.contains("pass ln e")
  }

  void "fewer than two points, or no trajectory, draw nothing"() {
    expect:
    EvidenceChart.of(input) == ""

    where:
    input << [null, [], trajectory([[100, 0.5, 0.1, 0.1]]), "not a list"]
  }

  void "charts print numbers one way: #value as #text"() {
    expect:
    Svg.format(value) == text

    where:
    value                    || text
    3.0d                     || "3"
    Math.log(40)             || "3.689"
    0.0583333d               || "0.05833"
    1234.56d                 || "1234.6"
    -1.2d                    || "-1.2"
    1.0e-9d                  || "0.000000001"
    Double.NaN               || "n/a"
    Double.POSITIVE_INFINITY || "n/a"
  }
}

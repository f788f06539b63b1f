package io.tollgate.rules.eval

import io.tollgate.rules.model.Outcome
import io.tollgate.rules.observation.HistoryRun
import io.tollgate.rules.observation.Measurement
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.SliObservation
import io.tollgate.rules.parse.GateParser
import spock.lang.Specification

class JudgeSpec extends Specification {

  static gate(String sliBody, String spec = '') {
    def r = GateParser.parse('g.yaml', """\
apiVersion: tollgate.io/v1
kind: Gate
metadata: {name: g}
spec:
${spec}  slis:
    - name: s
${sliBody}""")
    assert r.ok(): r.issues()
    r.gate().get()
  }

  static final String ERRORS = '''\
      source: {traces: {service: $service, measure: error_ratio}}
      criteria:
'''

  void "a canary with twice the error rate fails the two-proportion test"() {
    given:
    def g = gate(ERRORS + '        - statistical: {test: two_proportion, minSamples: 1000}\n          key: true\n')
    def obs = Observations.of([s: SliObservation.canaryVsBaseline(
        Measurement.ofCounts(requests, canaryErrors), Measurement.ofCounts(requests, baselineErrors))])

    when:
    def r = Judge.evaluate(g, obs)

    then:
    r.outcome() == outcome
    r.sli('s').get().criteria()[0].evidence().pValue().present == (requests >= 1000)

    where:
    canaryErrors | baselineErrors | requests || outcome
    200          | 100            | 10_000   || Outcome.FAIL
    100          | 100            | 10_000   || Outcome.PASS
    50           | 100            | 10_000   || Outcome.PASS
    4            | 2              | 200      || Outcome.INCONCLUSIVE
  }

  void "too few samples is inconclusive and says how many more are needed"() {
    given:
    def g = gate(ERRORS + '        - statistical: {test: two_proportion, minSamples: 1000}\n')

    when:
    def c = Judge.evaluate(g, Observations.of([s: SliObservation.canaryVsBaseline(
        Measurement.ofCounts(300, 3), Measurement.ofCounts(900, 9))])).sli('s').get().criteria()[0]

    then:
    c.outcome() == Outcome.INCONCLUSIVE
    c.evidence().samplesNeeded().asLong == 700
    c.reason().contains('700 more')
  }

  void "a zero baseline never divides by zero and never passes by accident"() {
    given:
    def g = gate(ERRORS + '        - vsBaseline: {mode: ratio, pass: "<= 1.2", minAbsoluteDelta: ' + minDelta + '}\n')

    expect:
    Judge.evaluate(g, Observations.of([s: SliObservation.canaryVsBaseline(
        Measurement.ofCounts(1000, canaryErrors), Measurement.ofCounts(1000, 0))])).outcome() == outcome

    where:
    canaryErrors | minDelta || outcome
    0            | 0        || Outcome.PASS   // 0/0 compares as ratio 1
    50           | 0        || Outcome.FAIL   // x/0 compares as +Inf
    1            | 0.005    || Outcome.PASS   // 0.001 below the minimum absolute delta
    10           | 0.005    || Outcome.FAIL
  }

  void "missing data follows onMissingData and is never a silent pass"() {
    given:
    def g = gate(ERRORS + '        - absolute: {pass: "<= 0.01"}\n', policy ? "  onMissingData: ${policy}\n" : '')

    when:
    def r = Judge.evaluate(g, Observations.of([:]))

    then:
    r.outcome() == outcome
    r.sli('s').get().criteria()[0].reason().contains('no value')

    where:
    policy         || outcome
    null           || Outcome.INCONCLUSIVE
    'inconclusive' || Outcome.INCONCLUSIVE
    'fail'         || Outcome.FAIL
    'warn'         || Outcome.FAIL // half weight: score 50% < warn 75%
    'ignore'       || Outcome.INCONCLUSIVE
  }

  void "a failed source is an error, not missing data"() {
    given:
    def g = gate(ERRORS + '        - absolute: {pass: "<= 0.01"}\n', '  onMissingData: fail\n')

    expect:
    Judge.evaluate(g, Observations.of([s: SliObservation.failed('prometheus: 503')])).outcome() == Outcome.ERROR
  }

  void "Keptn scoring: pass earns full weight, warn half, fail nothing; a key failure fails the gate"() {
    given:
    def g = gate('''\
      source: {testrun: {measure: duration}}
      criteria:
        - absolute: {pass: "< 100", warn: "< 200"}
          weight: 2
        - absolute: {pass: "< 150"}
          weight: 1
          key: KEY
'''.replace('KEY', key as String), '  scoring: {pass: 30, warn: 20}\n')

    when:
    def r = Judge.evaluate(g, Observations.of([s: SliObservation.current(Measurement.ofValue(value))]))

    then:
    Math.round(r.score() * 100) / 100 == score
    r.outcome() == outcome

    where:
    value | key   || score  | outcome
    50    | false || 100    | Outcome.PASS
    120   | false || 66.67  | Outcome.PASS
    160   | false || 33.33  | Outcome.PASS
    160   | true  || 33.33  | Outcome.FAIL
    250   | false || 0      | Outcome.FAIL
  }

  void "score thresholds decide between pass, warn and fail"() {
    given:
    def g = gate('''\
      source: {testrun: {measure: duration}}
      criteria:
        - absolute: {pass: "< 100", warn: "< 200"}
        - absolute: {pass: "< 1000"}
        - absolute: {pass: "< 1000"}
        - absolute: {pass: "< 1000"}
''', '  scoring: {pass: 90, warn: 80}\n')

    expect: 'one warn of four: 3.5 / 4 = 87.5%'
    Judge.evaluate(g, Observations.of([s: SliObservation.current(Measurement.ofValue(150))])).outcome() == Outcome.WARN
    Judge.evaluate(g, Observations.of([s: SliObservation.current(Measurement.ofValue(50))])).outcome() == Outcome.PASS
  }

  void "history: pinned runs always count, excluded runs never, outcome filter applies"() {
    given:
    def g = gate('''\
      source: {testrun: {measure: duration}}
      criteria:
        - vsHistory: {runs: 3, minRuns: 2, outcome: pass, aggregate: avg, mode: ratio, pass: "<= 1.1"}
''')
    def history = [
        new HistoryRun('r9', Outcome.PASS, 1000, false, true),   // excluded
        new HistoryRun('r8', Outcome.FAIL, 500, false, false),   // wrong outcome
        new HistoryRun('r7', Outcome.PASS, 100, false, false),
        new HistoryRun('r6', Outcome.PASS, 110, false, false),
        new HistoryRun('r5', Outcome.PASS, 120, false, false),   // beyond runs=3 once r1 is pinned
        new HistoryRun('r1', Outcome.PASS, 90, true, false)]     // pinned
    def obs = SliObservation.current(Measurement.ofValue(current)).withHistory(history)

    when:
    def c = Judge.evaluate(g, Observations.of([s: obs])).sli('s').get().criteria()[0]

    then: 'reference = avg(90, 100, 110) = 100'
    c.evidence().values()['history avg'] == 100d
    c.outcome() == outcome

    where:
    current || outcome
    105     || Outcome.PASS
    120     || Outcome.FAIL
  }

  void "no history is missing data, not a pass"() {
    given:
    def g = gate('''\
      source: {testrun: {measure: duration}}
      criteria:
        - vsHistory: {runs: 5, pass: "<= 1.1"}
''')

    expect:
    Judge.evaluate(g, Observations.of([s: SliObservation.current(Measurement.ofValue(100))])).outcome() == Outcome.INCONCLUSIVE
  }

  void "the sequential criterion fails early, keeps watching, and passes only at its horizon"() {
    given:
    def g = gate(ERRORS + '        - statistical: {test: sequential_proportion, maxSamples: 20000}\n          key: true\n')

    when:
    def c = Judge.evaluate(g, Observations.of([s: SliObservation.canaryVsBaseline(
        Measurement.ofCounts(n, canaryErrors), Measurement.ofCounts(n, baselineErrors))])).sli('s').get().criteria()[0]

    then:
    c.outcome() == outcome
    c.evidence().samplesNeeded().present == (outcome == Outcome.INCONCLUSIVE)

    where:
    n      | canaryErrors | baselineErrors || outcome
    4_000  | 80           | 40             || Outcome.FAIL          // e = 191.8 >= 20
    2_000  | 30           | 15             || Outcome.INCONCLUSIVE  // e = 4.38: keep watching
    20_000 | 200          | 200            || Outcome.PASS          // horizon reached
    0      | 0            | 0              || Outcome.INCONCLUSIVE  // no traffic yet
  }

  void "a budget without counts for its windows is missing data"() {
    given:
    def g = gate(ERRORS + '        - budget: {objective: 0.999}\n')
    def obs = SliObservation.EMPTY.withWindows([
        new io.tollgate.rules.observation.WindowCounts(java.time.Duration.ofHours(1),
            new io.tollgate.rules.observation.Counts(1000, 1))])

    when:
    def c = Judge.evaluate(g, Observations.of([s: obs])).sli('s').get().criteria()[0]

    then:
    c.outcome() == Outcome.INCONCLUSIVE
    c.reason().startsWith('no counts for window(s) 5m')
  }

  void "with a tolerance the sequential criterion also passes early"() {
    given:
    def g = gate(ERRORS + '        - statistical: {test: sequential_proportion, tolerance: 0.5}\n')

    expect:
    Judge.evaluate(g, Observations.of([s: SliObservation.canaryVsBaseline(
        Measurement.ofCounts(4000, canaryErrors), Measurement.ofCounts(4000, 40))])).outcome() == outcome

    where:
    canaryErrors || outcome
    10           || Outcome.PASS          // 1.5x ruled out: e = 4.35e6
    40           || Outcome.INCONCLUSIVE  // e = 1.14 either way
    80           || Outcome.FAIL
  }

  void "counts give each SLI kind its own value"() {
    given:
    def g = gate("      source: ${source}\n      criteria:\n        - absolute: {pass: \">= 0\"}\n")

    expect:
    Judge.evaluate(g, Observations.of([s: SliObservation.current(Measurement.ofCounts(200, 8))]))
        .sli('s').get().value().asDouble == value

    where:
    source                                                 || value
    '{traces: {service: $service, measure: error_ratio}}'  || 0.04d
    '{traces: {service: $service, measure: requests}}'     || 200d
    '{testrun: {measure: pass_ratio}}'                     || 0.96d
    '{testrun: {measure: failed}}'                         || 8d
    '{testrun: {measure: flaky}}'                          || 8d
  }
}

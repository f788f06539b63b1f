package io.tollgate.rules.eval

import io.tollgate.rules.model.Outcome
import io.tollgate.rules.model.Statistical
import io.tollgate.rules.observation.ExpectedShare
import io.tollgate.rules.observation.Interval
import io.tollgate.rules.observation.Look
import io.tollgate.rules.observation.Measurement
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.SliObservation
import io.tollgate.rules.parse.GateParser
import java.time.Instant
import spock.lang.Specification

/** Gate-level error control, looks, the sample-ratio check and trajectories through the Judge. */
class JudgeSequentialSpec extends Specification {

  static final Instant T0 = Instant.parse('2026-01-01T00:00:00Z')

  static gate(String slis, String spec = '') {
    def r = GateParser.parse('g.yaml', "apiVersion: tollgate.io/v1\nkind: Gate\nmetadata: {name: g}\nspec:\n${spec}  slis:\n${slis}")
    assert r.ok(): r.issues()
    r.gate().get()
  }

  static String sli(String name, String statistical = '{test: sequential_proportion}') {
    """\
    - name: $name
      source: {traces: {service: a, measure: error_ratio}}
      criteria:
        - statistical: $statistical
          key: true
"""
  }

  static SliObservation counts(long nc, long xc, long nb, long xb) {
    SliObservation.canaryVsBaseline(Measurement.ofCounts(nc, xc), Measurement.ofCounts(nb, xb))
  }

  static SliObservation intervals(List<List<Long>> iv) {
    SliObservation.canaryVsBaseline(
        Measurement.ofIntervals(iv.withIndex().collect { v, k -> Interval.ofCounts(T0.plusSeconds(60L * k), v[0], v[1]) }),
        Measurement.ofIntervals(iv.withIndex().collect { v, k -> Interval.ofCounts(T0.plusSeconds(60L * k), v[2], v[3]) }))
  }

  void "failAlpha splits 1 - confidence across the anytime-valid criteria by their SLIs' weights"() {
    given:
    def g = gate(sli('a') + sli('b') + sli('c', '{test: two_proportion}'), spec)
    def s = { String n -> g.sli(n).get() }
    def stat = { String n -> (Statistical) s(n).objectives()[0].criterion() }

    expect:
    Math.abs(Judge.failAlpha(g, s('a'), stat('a')) - a) < 1e-12
    Math.abs(Judge.failAlpha(g, s('b'), stat('b')) - b) < 1e-12
    Math.abs(Judge.failAlpha(g, s('c'), stat('c')) - 0.05) < 1e-12 // fixed-sample tests keep their level

    where:
    spec                                                     || a       | b
    ''                                                       || 0.025   | 0.025
    '  errorControl: {method: bonferroni, weights: {a: 3}}\n' || 0.0375  | 0.0125
    '  errorControl: none\n'                                 || 0.05    | 0.05
  }

  void "with two sequential SLIs a FAIL needs an e-value of 40, and the reason says so"() {
    given: 'e-value 30.6 for 59 vs 30 errors in 3000 requests per side (SciPy): enough alone, not for two'
    def one = gate(sli('a'))
    def two = gate(sli('a') + sli('b'))
    def obs = Observations.of([a: counts(3000, 59, 3000, 30), b: counts(3000, 30, 3000, 30)])

    expect:
    Judge.evaluate(one, obs).outcome() == Outcome.FAIL
    with(Judge.evaluate(two, obs).sli('a').get().criteria()[0]) {
      outcome() == Outcome.INCONCLUSIVE
      reason().contains('< 40 to fail')
      evidence().thresholds().contains('fail at e-value 40')
    }
  }

  void "at an interim look fixed-sample tests wait for the end and name the sequential test"() {
    given:
    def g = gate(sli('a', '{test: two_proportion}'))
    def obs = Observations.of([a: counts(10_000, 200, 10_000, 100)])

    when:
    def interim = Judge.evaluate(g, obs.withLook(Look.INTERIM))
    def last = Judge.evaluate(g, obs)

    then:
    interim.outcome() == Outcome.INCONCLUSIVE
    interim.reason().contains('judged once, at the end of the continuous evaluation')
    interim.reason().contains('sequential_proportion')
    last.outcome() == Outcome.FAIL
  }

  void "a sequential test reaching maxSamples without a ruling is INCONCLUSIVE with the requests still needed, never PASS"() {
    given:
    def g = gate(sli('a', '{test: sequential_proportion, maxSamples: 2000}'))

    when:
    def c = Judge.evaluate(g, Observations.of([a: counts(2000, 24, 2000, 20)])).sli('a').get().criteria()[0]

    then:
    c.outcome() == Outcome.INCONCLUSIVE
    c.reason().contains('no ruling after 2000 canary requests')
    c.evidence().samplesNeeded().asLong > 0
    c.evidence().ciLow().asDouble < 1
    c.evidence().ciHigh().asDouble > 1.5
  }

  void "a healthy canary passes once 1.5x the baseline's rate is ruled out, with the default tolerance"() {
    expect:
    Judge.evaluate(gate(sli('a')), Observations.of([a: counts(20_000, 190, 20_000, 200)])).outcome() == Outcome.PASS
  }

  void "two_proportion passes only when the rate ratio's bound is below 1 + tolerance"() {
    given:
    def g = gate(sli('a', '{test: two_proportion, minSamples: 1000}'))

    when:
    def c = Judge.evaluate(g, Observations.of([a: counts(nc, xc, nc, xb)])).sli('a').get().criteria()[0]

    then:
    c.outcome() == outcome
    (c.evidence().samplesNeeded().present) == needed

    where:
    nc     | xc  | xb  || outcome              | needed
    10_000 | 100 | 100 || Outcome.PASS         | false // bound 1.27 < 1.5
    2000   | 12  | 10  || Outcome.INCONCLUSIVE | true  // not significant, but 2.7x not ruled out
    2000   | 16  | 10  || Outcome.INCONCLUSIVE | false // estimate 1.6x: more requests will not pass it
  }

  void "under a ramp, errors are held against the split they arrived under"() {
    given: 'an A/A ramp: ten minutes at 5 %, then a blip both sides share once at 50 %'
    def g = gate(sli('a'))
    def ramp = (1..10).collect { [100L, 1L, 1900L, 19L] } + [[1000L, 50L, 1000L, 50L]]
    def whole = ramp.inject([0L, 0L, 0L, 0L]) { s, v -> [s[0] + v[0], s[1] + v[1], s[2] + v[2], s[3] + v[3]] }

    expect: 'cumulative counts see 60 of 300 errors on a 9 % canary (e-value 1.06e6); intervals see 0.105 (SciPy)'
    Judge.evaluate(g, Observations.of([a: counts(whole[0], whole[1], whole[2], whole[3])])).outcome() == Outcome.FAIL
    Judge.evaluate(g, Observations.of([a: intervals(ramp)])).outcome() != Outcome.FAIL
  }

  void "a sample ratio mismatch holds a passing gate at INCONCLUSIVE and says what the rollout asked"() {
    given: 'the canary got 3.1 % of the requests where the rollout said 5 %'
    def g = gate('''\
    - name: a
      source: {traces: {service: a, measure: error_ratio}}
      criteria:
        - absolute: {pass: "<= 0.01"}
''')
    def obs = new Observations([a: intervals((0..9).collect { [620L, 3L, 19_380L, 100L] })], Look.FINAL,
        [new ExpectedShare(T0, 0.05)])

    when:
    def r = Judge.evaluate(g, obs)

    then:
    r.sampleRatio().get().mismatch()
    r.outcome() == Outcome.INCONCLUSIVE
    r.reason().contains('the canary got 3.1 % of the requests, the rollout said 5 %')
    r.reason().contains('would have been PASS')
    Judge.evaluate(g, obs.withExpectedShares([])).outcome() == Outcome.PASS
  }

  void "a sample ratio mismatch never fails a canary and is noted on a FAIL"() {
    given:
    def g = gate(sli('a'))
    def obs = new Observations([a: intervals((0..9).collect { [620L, 30L, 19_380L, 100L] })], Look.FINAL,
        [new ExpectedShare(T0, 0.05)])

    when:
    def r = Judge.evaluate(g, obs)

    then:
    r.outcome() == Outcome.FAIL
    r.reason().contains('also the canary got 3.1 %')
  }

  void "a ramp that follows its schedule passes the sample-ratio check"() {
    given:
    def g = gate(sli('a'))
    def obs = new Observations([a: intervals([[100L, 1L, 1900L, 19L], [500L, 5L, 1500L, 15L], [1000L, 10L, 1000L, 10L]])],
        Look.INTERIM, [new ExpectedShare(T0, 0.05), new ExpectedShare(T0.plusSeconds(60), 0.25), new ExpectedShare(T0.plusSeconds(120), 0.5)])

    expect:
    !Judge.evaluate(g, obs).sampleRatio().get().mismatch()
  }

  void "trajectories are computed only when asked, bounded, and end at the decision's e-value"() {
    given:
    def g = gate(sli('a'))
    def obs = Observations.of([a: intervals((0..99).collect { [1000L, 2L + (it % 3), 1000L, 1L + (it % 2)] })])

    when:
    def plain = Judge.evaluate(g, obs).sli('a').get().criteria()[0].evidence()
    def charted = Judge.evaluate(g, obs, JudgeOptions.DEFAULT.withTrajectories(true)).sli('a').get().criteria()[0].evidence()
    def points = charted.trajectory()

    then:
    plain.trajectory().isEmpty()
    points.size() == TrajectoryPoint.MAX_POINTS
    points.last().time() == T0.plusSeconds(60L * 99)
    points.last().canaryRequests() == 100_000
    Math.abs(points.last().lnFailE() - Math.log(charted.statistic().asDouble)) < 1e-9
    Math.abs(points.last().lnFailBoundary() - Math.log(20)) < 1e-12
    points.every { Math.abs(it.canaryShare() - 0.5) < 1e-12 }
    points*.canaryRequests() == points*.canaryRequests().sort()
  }
}

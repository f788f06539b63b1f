package io.tollgate.rules.eval

import groovy.transform.CompileStatic
import io.tollgate.rules.model.Gate
import io.tollgate.rules.model.Outcome
import io.tollgate.rules.observation.Interval
import io.tollgate.rules.observation.Look
import io.tollgate.rules.observation.Measurement
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.SliObservation
import io.tollgate.rules.parse.GateParser
import io.tollgate.rules.stats.SequentialProportionTest
import java.time.Duration
import java.time.Instant
import org.hipparchus.random.RandomDataGenerator
import spock.lang.Specification

/**
 * Healthy canaries (A/A: both sides share every error rate) judged at every 30 s look of a
 * continuous evaluation, through the real Judge with per-interval observations. Small and seeded,
 * so it runs in seconds; bench/judge-sim.sh runs the full scenarios.
 */
class JudgeSimulationSpec extends Specification {

  static final Instant T0 = Instant.parse('2026-01-01T00:00:00Z')
  static final int LOOKS = 40 // 20 minutes of 30 s intervals
  static final int REQUESTS = 2000 // per interval, both sides together

  static Gate gate(String slis, String spec = '') {
    def r = GateParser.parse('g.yaml', "apiVersion: tollgate.io/v1\nkind: Gate\nmetadata: {name: sim}\nspec:\n${spec}  slis:\n${slis}")
    assert r.ok(): r.issues()
    r.gate().get()
  }

  static String sli(String name) {
    """\
    - name: $name
      source: {traces: {service: a, measure: error_ratio}}
      criteria:
        - statistical: {test: sequential_proportion, maxSamples: 1000000}
          key: true
"""
  }

  /** One side's errors: Poisson counts, the model under which the conditional test is exact. */
  @CompileStatic
  static long errors(RandomDataGenerator rng, long requests, double rate) {
    Math.min(requests, (long) rng.nextPoisson(requests * rate))
  }

  /**
   * Argo-style setWeight 5 / 25 / 50, 0.5 % errors on both sides and a 1-minute blip to 5 % just
   * after reaching 50 %. Returns how many runs failed: {per-interval judge, cumulative test}.
   */
  @CompileStatic
  static int[] argoRamp(Gate g, int runs, long seed) {
    def rng = new RandomDataGenerator(seed)
    int[] fails = new int[2]
    for (int run = 0; run < runs; run++) {
      List<Interval> canary = []
      List<Interval> baseline = []
      long xc = 0, nc = 0, xb = 0, nb = 0
      boolean newFailed = false, oldFailed = false
      for (int k = 0; k < LOOKS; k++) {
        double share = k < 10 ? 0.05d : k < 20 ? 0.25d : 0.5d
        double rate = (k == 20 || k == 21) ? 0.05d : 0.005d
        long c = Math.round(REQUESTS * share)
        long b = REQUESTS - c
        long x = errors(rng, c, rate)
        long y = errors(rng, b, rate)
        def start = T0.plus(Duration.ofSeconds(30L * k))
        canary.add(Interval.ofCounts(start, c, x))
        baseline.add(Interval.ofCounts(start, b, y))
        nc += c; xc += x; nb += b; xb += y
        if (!newFailed) {
          def obs = new Observations([error_rate: SliObservation.canaryVsBaseline(
              Measurement.ofIntervals(canary), Measurement.ofIntervals(baseline))] as Map<String, SliObservation>,
              k == LOOKS - 1 ? Look.FINAL : Look.INTERIM, [])
          newFailed = Judge.evaluate(g, obs).outcome() == Outcome.FAIL
        }
        if (!oldFailed && nc >= 100) {
          // today's test on cumulative counts: one split for all errors
          oldFailed = SequentialProportionTest.test(xc, nc, xb, nb, 0.05d, 0d).rejected()
        }
      }
      fails[0] += newFailed ? 1 : 0
      fails[1] += oldFailed ? 1 : 0
    }
    fails
  }

  /** Ten independent A/A SLIs at 1 %, equal split; runs where each gate failed. */
  @CompileStatic
  static int[] tenSlis(Gate bonferroni, Gate none, List<String> names, int runs, long seed) {
    def rng = new RandomDataGenerator(seed)
    int[] fails = new int[2]
    for (int run = 0; run < runs; run++) {
      Map<String, List<Interval>> canary = [:]
      Map<String, List<Interval>> baseline = [:]
      names.each { String n -> canary[n] = []; baseline[n] = [] }
      boolean b = false, n = false
      for (int k = 0; k < LOOKS && !(b && n); k++) {
        def start = T0.plus(Duration.ofSeconds(30L * k))
        Map<String, SliObservation> slis = [:]
        for (String s : names) {
          canary[s].add(Interval.ofCounts(start, 1000, errors(rng, 1000, 0.01d)))
          baseline[s].add(Interval.ofCounts(start, 1000, errors(rng, 1000, 0.01d)))
          slis[s] = SliObservation.canaryVsBaseline(Measurement.ofIntervals(canary[s]), Measurement.ofIntervals(baseline[s]))
        }
        def obs = new Observations(slis, Look.INTERIM, [])
        b = b || Judge.evaluate(bonferroni, obs).outcome() == Outcome.FAIL
        n = n || Judge.evaluate(none, obs).outcome() == Outcome.FAIL
      }
      fails[0] += b ? 1 : 0
      fails[1] += n ? 1 : 0
    }
    fails
  }

  void "A/A under an Argo ramp with a shared error blip: the per-interval test holds 0.05, the cumulative one does not"() {
    given:
    int runs = 200

    when:
    int[] fails = argoRamp(gate(sli('error_rate')), runs, 20261130L)
    println "argo ramp + shared blip, A/A, $runs runs x $LOOKS looks: per-interval false-fail ${fails[0] / runs}, cumulative ${fails[1] / runs}"

    then:
    fails[0] / runs <= 0.05
    fails[1] / runs >= 0.9
  }

  void "Bonferroni keeps ten A/A error-rate SLIs at 0.05 for the gate; without it the gate fails far more often"() {
    given:
    def names = (1..10).collect { "errors_$it".toString() }
    def slis = names.collect { sli(it) }.join('')
    int runs = 100

    when:
    int[] fails = tenSlis(gate(slis), gate(slis, '  errorControl: none\n'), names, runs, 7L)
    println "10 A/A SLIs, $runs runs x $LOOKS looks: gate false-fail with bonferroni ${fails[0] / runs}, without ${fails[1] / runs}"

    then:
    fails[0] / runs <= 0.05
    fails[1] > fails[0]
  }
}

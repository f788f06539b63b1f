package io.tollgate.rules.stats

import spock.lang.Specification

/**
 * Reference values from sli-rules/src/test/scipy/rate_reference.py (SciPy 1.17:
 * scipy.integrate.quad of the mixture likelihood ratio in θ = ln ρ, scipy.optimize.brentq for the
 * confidence sequence); run `python3 sli-rules/src/test/scipy/rate_reference.py` to reproduce.
 */
class SequentialRateTestSpec extends Specification {

  static final List<List<Long>> RAMP = [ // 5 % / 25 % / 50 %, a blip both sides share after 50 %
      [100, 1, 1900, 9], [100, 0, 1900, 10], [500, 3, 1500, 7], [500, 2, 1500, 8],
      [1000, 5, 1000, 4], [1000, 52, 1000, 49], [1000, 6, 1000, 5], [1000, 4, 1000, 6]]
  static final List<List<Long>> RAMP_BAD = [ // the same ramp, canary at twice the rate
      [100, 2, 1900, 9], [100, 1, 1900, 10], [500, 6, 1500, 7], [500, 5, 1500, 8],
      [1000, 11, 1000, 4], [1000, 60, 1000, 49], [1000, 12, 1000, 5], [1000, 9, 1000, 6]]

  static SequentialRateTest.Result run(List<List<Long>> iv, double rho0, double rho1, double alpha = 0.05) {
    long[] c = iv*.get(0), x = iv*.get(1), b = iv*.get(2), y = iv*.get(3)
    SequentialRateTest.test(c, x, b, y, iv.size(), rho0, rho1, alpha)
  }

  /** The totals in four equal intervals, the remainder of the errors in the first. */
  static List<List<Long>> quarters(long x, long nc, long y, long nb) {
    (0..3).collect { k -> [nc.intdiv(4), x.intdiv(4) + (k == 0 ? x % 4 : 0), nb.intdiv(4), y.intdiv(4) + (k == 0 ? y % 4 : 0)] }
  }

  static boolean close(double actual, double expected, double rel) {
    Math.abs(actual - expected) <= rel * Math.abs(expected)
  }

  void "at an equal constant split the per-interval e-values are today's closed forms"() {
    when:
    def r = run(quarters(x, nc, y, nb), 1.0, 1.5)
    def fail = SequentialProportionTest.test(x, nc, y, nb, 0.05, 0)
    def pass = SequentialProportionTest.testBelow(x, nc, y, nb, 0.05, 0.5)

    then: 'equal to the closed form, and to SciPy, to 1e-9 relative'
    close(r.failE(), fail.eValue(), 1e-9)
    close(r.passE(), pass.eValue(), 1e-9)
    close(r.failE(), failE, 1e-9)
    close(r.passE(), passE, 1e-9)

    where:
    x  | nc   | y  | nb   || failE              | passE
    30 | 2000 | 15 | 2000 || 4.378343276001226  | 0.08504715310329379
    80 | 4000 | 40 | 4000 || 191.7652955706457  | 0.03905306181477327
    20 | 2000 | 20 | 2000 || 0.19454502775360047 | 0.6627719281656048
  }

  void "under a ramp each interval uses its own split (SciPy quad of the mixture)"() {
    when:
    def r = run(iv, rho0, 1.5)

    then:
    close(r.failE(), failE, 1e-9)
    close(r.passE(), passE, 1e-9)
    close(r.ciLow(), low, 1e-8)
    close(r.ciHigh(), high, 1e-8)

    where:
    iv       | rho0 || failE               | passE               | low                | high
    RAMP     | 1.0  || 0.12468397538477391 | 2.0657727145844365  | 0.6090892255963035 | 1.7690733771087466
    RAMP     | 1.1  || 0.0824048959277235  | 2.0657727145844365  | 0.6090892255963035 | 1.7690733771087466
    RAMP_BAD | 1.0  || 17.92090335150988   | 0.06007022349385785 | 0.9629717065381683 | 2.59388255859844
    RAMP_BAD | 1.1  || 3.278685154208164   | 0.06007022349385785 | 0.9629717065381683 | 2.59388255859844
    // far tails: a canary much better (or much worse) than the tolerated ratios
    [[1000L, 0L, 1000L, 40L]]                        | 1.0 || 0.024390243902438956 | 336252281525620.56 | 0                     | 0.18262034574588001
    [[1000L, 40L, 1000L, 1L]]                        | 1.0 || 2554033978.548793    | 0.025261324041811556 | 4.049584033923388   | 34398.97615306895
    [[100L, 0L, 1900L, 60L], [1000L, 1L, 1000L, 30L]] | 1.0 || 0.02762237696288086  | 190138106493.8341  | 4.137514940319486e-05 | 0.29226255863025713
  }

  void "without errors there is no evidence either way and the confidence sequence is everything"() {
    when:
    def r = run([[1000L, 0L, 1000L, 0L], [500L, 0L, 1500L, 0L]], 1.0, 1.5)

    then:
    close(r.failE(), 1, 1e-9)
    close(r.passE(), 1, 1e-9)
    r.ciLow() == 0
    r.ciHigh() == Double.POSITIVE_INFINITY
    r.estimate() == 1
  }

  void "errors only on the canary leave the confidence sequence open above"() {
    when:
    def r = run([[1000L, 12L, 1000L, 0L]], 1.0, 1.5)

    then:
    r.ciHigh() == Double.POSITIVE_INFINITY
    r.ciLow() > 1
    r.estimate() == Double.POSITIVE_INFINITY
    r.failE() > 20
  }

  void "intervals where one side had no requests drop out"() {
    expect:
    close(run(RAMP + [[0L, 0L, 2000L, 30L]], 1.0, 1.5).failE(), run(RAMP, 1.0, 1.5).failE(), 1e-12)
  }

  static final List<List<Long>> EQUAL = [[1000, 20, 1000, 10]] * 4

  void "with an expected ratio of #rhoE the FAIL e-value mixes over a normal on ln rho (SciPy quad)"() {
    given:
    long[] c = iv*.get(0)
    long[] x = iv*.get(1)
    long[] b = iv*.get(2)
    long[] y = iv*.get(3)

    when:
    def r = SequentialRateTest.test(c, x, b, y, iv.size(), rho0, 4.0, 0.05, rhoE)
    def wide = SequentialRateTest.test(c, x, b, y, iv.size(), rho0, 4.0, 0.05)

    then: 'the FAIL e-value follows the prior; the PASS e-value and the confidence sequence do not'
    close(r.failE(), failE, 1e-7)
    r.passE() == wide.passE()
    r.ciLow() == wide.ciLow()
    r.ciHigh() == wide.ciHigh()

    where: 'references from src/test/scipy/rate_expected_reference.py'
    iv       | rho0 | rhoE || failE
    RAMP_BAD | 1.0  | 2.0  || 35.37937780476388
    RAMP_BAD | 1.1  | 1.5  || 9.186551872659889
    RAMP_BAD | 1.0  | 3.0  || 7.145196228510175
    RAMP     | 1.0  | 2.0  || 0.0723308323138236
    RAMP     | 1.1  | 1.5  || 0.19391862973468482
    RAMP     | 1.0  | 3.0  || 0.003927862789186045
    EQUAL    | 1.0  | 2.0  || 490.60186268468834
    EQUAL    | 1.1  | 1.5  || 69.61969196267619
    EQUAL    | 1.0  | 3.0  || 259.4250187099949
  }

  void "an expected ratio at or below the FAIL ratio is refused"() {
    when:
    SequentialRateTest.test([10] as long[], [1] as long[], [10] as long[], [1] as long[], 1, 1.0, 1.5, 0.05, 1.0)

    then:
    thrown(IllegalArgumentException)
  }

  void "with an expected ratio of 2 an identical canary under a ramp with shared blips reaches e >= 20 rarely (2,000 runs, seed 11)"() {
    given: 'a 5 % / 25 % / 50 % ramp, 1 % errors with a 5 % blip both sides share, 40 one-minute looks'
    def rng = new Random(11)
    int runs = 2000
    int crossed = 0

    when:
    runs.times {
      long[] c = new long[40]
      long[] x = new long[40]
      long[] b = new long[40]
      long[] y = new long[40]
      for (int k = 0; k < 40; k++) {
        double share = k < 5 ? 0.05 : k < 10 ? 0.25 : 0.5
        double rate = k == 11 ? 0.05 : 0.01
        c[k] = binomial(rng, 1000, share)
        b[k] = 1000 - c[k]
        x[k] = binomial(rng, c[k], rate)
        y[k] = binomial(rng, b[k], rate)
      }
      for (int k = 1; k <= 40; k++) {
        if (SequentialRateTest.lnEValues(c, x, b, y, k, 1.0, 1.5, 2.0)[0] >= Math.log(20)) {
          crossed++
          break
        }
      }
    }

    then: 'Ville: at most 1/20 = 0.05 ever cross, with room for the binomial noise of 2,000 runs (sd 0.005)'
    crossed / runs <= 0.06
  }

  private static long binomial(Random rng, long n, double p) {
    long k = 0
    for (long i = 0; i < n; i++) {
      if (rng.nextDouble() < p) {
        k++
      }
    }
    k
  }
}

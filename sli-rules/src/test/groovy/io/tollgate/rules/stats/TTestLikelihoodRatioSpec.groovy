package io.tollgate.rules.stats

import org.hipparchus.random.Well19937c
import spock.lang.Specification

class TTestLikelihoodRatioSpec extends Specification {

  static double lnSums(List<Double> x, double delta) {
    TTestLikelihoodRatio.logGreater(x.size(), x.sum() as double, x.collect { it * it }.sum() as double, delta)
  }

  void "the ratio matches the noncentral over the central t density at t=#t, n=#n, delta=#delta"() {
    expect:
    Math.abs(TTestLikelihoodRatio.logRatio(t, n, delta) - lnE) < 1e-9 * Math.max(1, Math.abs(lnE))

    where: '''references from src/test/scipy/ttest_likelihood_ratio.py: ln of nct.pdf(t, n-1, delta*sqrt(n)) / t.pdf(t, n-1),
    by SciPy 1.17 (nct.logpdf - t.logpdf) and by mpmath's closed form in Kummer's function (150 digits), which agree
    to 1e-9; where SciPy underflows or loses accuracy (large |t|) the mpmath value alone'''
    t                        | n   | delta || lnE
    0.0d                     | 3   | 0.8   || -0.96
    1.5d                     | 3   | 0.8   || 0.90535149665663
    -2.0d                    | 3   | 0.8   || -2.5090673946533
    4.0d                     | 5   | 0.8   || 2.4890030485504
    2.2d                     | 10  | 0.8   || 2.0042460666874
    -1.0d                    | 10  | 0.8   || -5.5184803301361
    3.0d                     | 20  | 0.6   || 3.7231862307289
    1.0d                     | 20  | 1.0   || -5.3271696209881
    5.0d                     | 50  | 0.8   || 10.03177186369
    -3.0d                    | 50  | 0.8   || -30.508273155474
    8.0d                     | 100 | 0.8   || 24.791691702156
    11.3d                    | 200 | 0.8   || 49.431704645862
    2.0d                     | 200 | 0.2   || 1.6474291492185
    -5.0d                    | 200 | 0.8   || -113.97733867976
    30.0d                    | 8   | 0.8   || 5.0197070362614
    1e3d                     | 4   | 0.8   || 2.4134418860033
    -1e3d                    | 4   | 0.8   || -3.7748135152229
    1e6d                     | 60  | 0.8   || 39.418806463882
    Double.POSITIVE_INFINITY | 3   | 0.8   || 1.7542337302034
    Double.POSITIVE_INFINITY | 200 | 0.8   || 131.93758212086
  }

  void "from sums and sums of squares it is the ratio at the sample's t statistic"() {
    expect:
    Math.abs(lnSums(x, 0.8) - lnE) < 1e-9

    where: 'references from src/test/scipy/ttest_likelihood_ratio.py (mpmath, at t = mean / (sd / sqrt(n)))'
    x                                        || lnE
    [0.12, 0.08, 0.15]                       || 1.6598176144594
    [0.12, 0.08, 0.15, 0.02, -0.03, 0.10]    || 2.2221710871357
    [-0.10, -0.05, 0.02, -0.08, -0.12]       || -4.2256991085559
  }

  void "the evidence does not depend on the unit of the data, and identical values are finite"() {
    given:
    def x = [0.12, 0.08, 0.15, 0.02, -0.03, 0.10]

    expect:
    Math.abs(lnSums(x, 0.8) - lnSums(x.collect { it * 1000 }, 0.8)) < 1e-9
    Math.abs(lnSums([0.1, 0.1, 0.1], 0.8) - TTestLikelihoodRatio.logRatio(Double.POSITIVE_INFINITY, 3, 0.8)) < 1e-9
    Math.abs(lnSums([0.0, 0.0, 0.0], 0.8) + 0.96) < 1e-12
  }

  void "it increases with t, so a negative mean gives no evidence of a positive one"() {
    given:
    def ts = (-60..60).collect { it / 4.0d }

    expect:
    [3, 10, 60, 200].every { n ->
      def ln = ts.collect { TTestLikelihoodRatio.logRatio(it, n, 0.8) }
      (1..<ln.size()).every { ln[it] > ln[it - 1] }
    }
    lnSums([-0.3, -0.25, -0.4, -0.1, -0.2, -0.35], 0.8) < 0
  }

  void "fewer than two observations, a NaN t and a delta <= 0 are rejected"() {
    when:
    TTestLikelihoodRatio.logRatio(t, n, delta)

    then:
    thrown(IllegalArgumentException)

    where:
    t          | n | delta
    1.0d       | 1 | 0.8
    Double.NaN | 5 | 0.8
    1.0d       | 5 | 0.0
  }

  void "A/A: under mean 0, at most 5 % of paths cross e >= 20 within 60 observations"() {
    given: '''assumes what the judge assumes of the block log ratios: independent and normal with mean 0 and any
    standard deviation (here 0.07); the judge starts looking at 3 blocks, as here. Ville's inequality bounds the
    crossing probability by 1/20 = 0.05 for any number of looks; the observed rate is lower because the process
    overshoots the boundary and 60 looks are not infinitely many'''
    def rnd = new Well19937c(20261201)
    int paths = 4000
    int crossed = 0

    when:
    paths.times {
      double sum = 0
      double sq = 0
      for (int n = 1; n <= 60; n++) {
        double d = 0.07 * rnd.nextGaussian()
        sum += d
        sq += d * d
        if (n >= 3 && TTestLikelihoodRatio.logGreater(n, sum, sq, 0.8) >= Math.log(20)) {
          crossed++
          break
        }
      }
    }
    double rate = crossed / paths

    then: 'standard error about 0.0035 at a rate of 0.05'
    rate <= 0.05
    rate > 0.01
  }
}

package io.tollgate.rules.stats

import io.tollgate.rules.observation.Bins
import io.tollgate.rules.observation.Histogram
import io.tollgate.rules.observation.Samples
import org.hipparchus.random.Well19937c
import org.hipparchus.stat.inference.MannWhitneyUTest
import spock.lang.Specification

class RankTestSpec extends Specification {

  static final double[] X = [1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 7, 7]
  static final double[] Y = [1, 1, 2, 2, 3, 4, 4, 4, 5, 0.5, 2]

  // reference: scipy.stats.mannwhitneyu(x, y, alternative=..., method="asymptotic", use_continuity=True)
  void "U and p-values on tied samples match SciPy"() {
    when:
    def r = RankTest.test(new Samples(X).bins(), new Samples(Y).bins())

    then:
    r.u() == 93d
    Math.abs(r.pGreater() - 0.04936209134) < 1e-9
    Math.abs(r.pLess() - 0.9566782169) < 1e-9
    Math.abs(r.pTwoSided() - 0.09872418268) < 1e-9
  }

  void "binned data is tested with every bin as a group of ties, as SciPy does on the expanded samples"() {
    given: 'bins 1..5 with counts; SciPy ran on numpy.repeat(keys, counts)'
    def x = new Bins([1, 2, 3, 4, 5] as double[], [3, 5, 10, 4, 1] as double[], 23, "k")
    def y = new Bins([1, 2, 3, 4] as double[], [6, 8, 7, 2] as double[], 23, "k")

    when:
    def r = RankTest.test(x, y)

    then:
    r.u() == 345d
    Math.abs(r.pGreater() - 0.03327639295) < 1e-9
    Math.abs(r.pTwoSided() - 0.0665527859) < 1e-9
  }

  void "on large samples the two-sided p-value agrees with Hipparchus' MannWhitneyUTest"() {
    given: 'rounded log-normal latencies, so there are many ties'
    def rng = new Well19937c(42)
    double[] a = (1..3000).collect { Math.round(Math.exp(4 + 0.5 * rng.nextGaussian())) as double }
    double[] b = (1..2500).collect { Math.round(Math.exp(4.03 + 0.5 * rng.nextGaussian())) as double }

    when:
    def ours = RankTest.test(new Samples(a).bins(), new Samples(b).bins())
    def theirs = new MannWhitneyUTest().mannWhitneyUTest(a, b, false)

    then:
    Math.abs(ours.pTwoSided() - theirs) < 1e-3
    ours.pTwoSided() < 0.05
  }

  void "histograms with equal bounds compare bucket by bucket"() {
    given:
    def slow = new Histogram([10, 50, 100, 500] as double[], [5, 20, 40, 30, 5] as long[])
    def fast = new Histogram([10, 50, 100, 500] as double[], [20, 40, 30, 10, 0] as long[])

    expect:
    RankTest.test(slow.bins(), fast.bins()).pGreater() < 1e-6
    RankTest.test(fast.bins(), slow.bins()).pGreater() > 0.99
  }
}

package io.tollgate.rules.stats

import io.tollgate.rules.observation.Samples
import org.hipparchus.random.Well19937c
import spock.lang.Specification

class OneSidedQuantileTestSpec extends Specification {

  static Samples draw(Well19937c rng, int n, double factor) {
    double[] v = new double[n]
    for (int i = 0; i < n; i++) {
      v[i] = factor * Math.exp(0.5 * rng.nextGaussian())
    }
    new Samples(v)
  }

  void "the block test is SciPy's one-sided one-sample t test on the log ratios"() {
    when:
    def r = QuantileTest.perBlock((d.collect { it - Math.log1p(minEffect) }) as double[])

    then:
    Math.abs(r.logRatio() / r.se() - t) < 1e-9
    Math.abs(r.pAbove(0) - p) < 1e-9
    r.df() == d.size() - 1

    where: 'references from src/test/scipy/quantile_block_ttest.py (scipy.stats.ttest_1samp, alternative="greater")'
    d                                            | minEffect || t            | p
    [0.12, 0.08, 0.15, 0.02, -0.03, 0.10]        | 0.02      || 1.9619449838 | 0.0535106224
    [0.01, -0.02, 0.03, 0.00, 0.02, -0.01, 0.01] | 0.0       || 0.8798826901 | 0.2063865127
    [0.30, 0.25, 0.40]                           | 0.05      || 6.0748680659 | 0.0130217064
  }

  void "the per-request test holds its level for identical sides and finds a 10 % p99 regression"() {
    given:
    def rng = new Well19937c(5)
    int falseFails = 0
    int found = 0

    when:
    200.times {
      if (QuantileTest.perRequest(draw(rng, 5000, 1d), draw(rng, 5000, 1d), 0.99).above(0, 0.05)) {
        falseFails++
      }
      if (QuantileTest.perRequest(draw(rng, 5000, 1.1d), draw(rng, 5000, 1d), 0.99).above(0, 0.05)) {
        found++
      }
    }

    then: 'one-sided at 5 %, not the 0.3 % of two non-overlapping 95 % intervals'
    falseFails / 200 <= 0.08
    found / 200 >= 0.5
  }

  void "a quantile in a histogram's +Inf bucket is recognised"() {
    given:
    def h = new io.tollgate.rules.observation.Histogram([100, 200] as double[], [90, 8, 2] as long[])

    expect:
    LatencyBlocks.beyondLastBound(h, q) == beyond

    where:
    q     || beyond
    0.95  || false
    0.98  || false
    0.985 || true
    0.99  || true
  }
}

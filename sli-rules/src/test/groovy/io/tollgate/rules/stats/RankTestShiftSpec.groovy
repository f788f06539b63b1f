package io.tollgate.rules.stats

import io.tollgate.rules.observation.Histogram
import io.tollgate.rules.observation.Samples
import spock.lang.Specification

class RankTestShiftSpec extends Specification {

  static final double[] X = [101, 120, 95, 130, 110, 140, 99, 125, 118, 107, 133, 121]
  static final double[] Y = [100, 98, 105, 92, 110, 97, 103, 99, 108, 94, 101, 96]

  void "Mann-Whitney against the baseline shifted by #shift matches SciPy"() {
    when:
    def r = RankTest.shifted(new Samples(X), new Samples(Y), 1 + shift)

    then:
    r.u() == u
    Math.abs(r.pGreater() - greater) < 1e-9
    Math.abs(r.pLess() - less) < 1e-9

    where: 'references from src/test/scipy/shifted_mann_whitney.py (scipy.stats.mannwhitneyu, method="asymptotic", use_continuity=True, y times 1 + shift)'
    shift || u     | greater      | less
    0.0   || 120.5 | 0.0027763345 | 0.9976788710
    0.05  || 106.0 | 0.0265489786 | 0.9768067034
    0.10  || 90.0  | 0.1561607108 | 0.8572618456
  }

  void "a shifted histogram spreads its buckets and keeps the +Inf bucket on top"() {
    given:
    def h = new Histogram([100, 200] as double[], [8, 8, 4] as long[])

    when:
    def b = RankTest.spread(h, 1.1)

    then:
    b.keys().length == 17
    b.keys()[0] == 1.1 * 6.25d
    b.keys()[16] == Double.POSITIVE_INFINITY
    b.counts()[16] == 4
    Math.abs(b.counts().sum() - 20) < 1e-12
  }
}

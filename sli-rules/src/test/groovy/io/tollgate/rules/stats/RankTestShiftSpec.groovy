package io.tollgate.rules.stats

import io.tollgate.rules.observation.Histogram
import io.tollgate.rules.observation.Samples
import io.tollgate.rules.observation.Bins
import java.util.SplittableRandom
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

  void "the superiority against the baseline shifted by #shift is SciPy's U over n1 n2"() {
    expect:
    RankTest.superiority(new Samples(X), new Samples(Y), 1 + shift) == (u as double) / 144

    where: 'U from the table above (scipy.stats.mannwhitneyu)'
    shift || u
    0.0   || 120.5
    0.05  || 106.0
    0.10  || 90.0
  }

  void "the scaled walk gives the same U as ranking the scaled copy, ties included (seed #seed)"() {
    given: 'binned sides with many ties, as sketch bins are, and factors that make keys collide'
    def rng = new SplittableRandom(seed)
    Bins x = bins(rng, 40)
    Bins y = bins(rng, 50)

    expect:
    [1.0d, 1.25d, 0.8d, 2.0d, 1.05d].every { double f ->
      RankTest.scaledU(x, y, f) == RankTest.rankSum(x, RankTest.scale(y, f))[0]
    }

    where:
    seed << (1..20)
  }

  void "one walk at two factors gives both single-factor U exactly (seed #seed)"() {
    given:
    def rng = new SplittableRandom(seed)
    Bins x = bins(rng, 40)
    Bins y = bins(rng, 50)
    double[] out = new double[2]

    expect:
    [[1.05d, 1.0d], [1.25d, 0.8d], [2.0d, 1.0d], [0.8d, 1.25d]].every { List<Double> f ->
      RankTest.scaledU2(x, y, f[0], f[1], out)
      out[0] == RankTest.scaledU(x, y, f[0]) && out[1] == RankTest.scaledU(x, y, f[1])
    }

    where:
    seed << (1..20)
  }

  void "superiorities at two shifts equal two superiority calls, histograms included"() {
    given:
    double[] out = new double[2]
    def h1 = new Histogram([100, 200] as double[], [8, 8, 4] as long[])
    def h2 = new Histogram([100, 200] as double[], [9, 6, 5] as long[])

    when:
    RankTest.superiorities(new Samples(X), new Samples(Y), 1.05, 1.1, out)

    then:
    out[0] == 106.0d / 144
    out[1] == 90.0d / 144

    when:
    RankTest.superiorities(h1, h2, 1.05, 0.95, out)

    then:
    out[0] == RankTest.superiority(h1, h2, 1.05)
    out[1] == RankTest.superiority(h1, h2, 0.95)
  }

  void "U of sketches by index equals the walk over their bins (#kind, seed #seed)"() {
    given: 'interval-sized sketches, one wider than the other, and factors including 1 and the mapping ratio'
    def rng = new SplittableRandom(seed)
    def x = new io.tollgate.rules.observation.Sketch(sketch(make(), rng, 20 + rng.nextInt(300), 0.6))
    def y = new io.tollgate.rules.observation.Sketch(sketch(make(), rng, 20 + rng.nextInt(300), 0.3 + rng.nextDouble()))
    double gamma = (1 + 0.01) / (1 - 0.01)
    double[] out = new double[2]

    expect:
    [[1.05d, 1.1d], [1.0d, 1.0d], [gamma, gamma * gamma], [0.5d, 3.0d], [1.1d, 0.95d]].every { List<Double> f ->
      io.tollgate.rules.observation.Sketch.scaledU2(x, y, f[0], f[1], out) &&
          out[0] == RankTest.scaledU(x.bins(), y.bins(), f[0]) &&
          out[1] == RankTest.scaledU(x.bins(), y.bins(), f[1])
    }

    where:
    [kind, make, seed] << [
        ['collapsing lowest', { com.datadoghq.sketch.ddsketch.DDSketches.logarithmicCollapsingLowestDense(0.01, 2048) }],
        ['unbounded', { com.datadoghq.sketch.ddsketch.DDSketches.unboundedDense(0.01) }],
    ].collectMany { k, m -> (1..10).collect { [k, m, it] } }
  }

  void "sketches with zeros or negative values are not taken by index"() {
    given:
    def a = com.datadoghq.sketch.ddsketch.DDSketches.unboundedDense(0.01)
    def b = com.datadoghq.sketch.ddsketch.DDSketches.unboundedDense(0.01)
    (1..20).each { a.accept(it); b.accept(it + 0.5) }
    b.accept(0)
    def x = new io.tollgate.rules.observation.Sketch(a)
    def y = new io.tollgate.rules.observation.Sketch(b)
    double[] out = new double[2]

    expect:
    !io.tollgate.rules.observation.Sketch.scaledU2(x, y, 1.05, 1.1, out)

    when:
    RankTest.superiorities(x, y, 1.05, 1.1, out)

    then:
    out[0] == RankTest.superiority(x, y, 1.05)
    out[1] == RankTest.superiority(x, y, 1.1)
  }

  private static com.datadoghq.sketch.ddsketch.DDSketch sketch(
      com.datadoghq.sketch.ddsketch.DDSketch s, SplittableRandom rng, int n, double sigma) {
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble()
      double v = rng.nextDouble()
      double r = Math.sqrt(-2 * Math.log(1 - u))
      double z = r * Math.cos(2 * Math.PI * v)
      s.accept(Math.round(Math.exp(Math.log(80) + sigma * z) * 10) / 10.0)
    }
    return s
  }

  private static Bins bins(SplittableRandom rng, int n) {
    double[] keys = new double[n]
    double[] counts = new double[n]
    double k = 0
    double total = 0
    for (int i = 0; i < n; i++) {
      k += 0.25 * (1 + rng.nextInt(4))
      keys[i] = k
      counts[i] = 1 + rng.nextInt(9)
      total += counts[i]
    }
    new Bins(keys, counts, total, "test")
  }
}

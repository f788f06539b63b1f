package io.tollgate.rules.observation

import com.datadoghq.sketch.ddsketch.DDSketch
import com.datadoghq.sketch.ddsketch.DDSketches
import java.util.SplittableRandom
import spock.lang.Specification

class DistributionsSpec extends Specification {

  static final double[] QS = [0, 0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1]

  void "the quantile of a merge without merging equals the merged sketch's, #kind (seed #seed)"() {
    given: 'parts of different spread, so the merge is wider than its first part'
    def rng = new SplittableRandom(seed)
    List<Distribution> parts = (0..<(2 + rng.nextInt(6))).collect { int k ->
      DDSketch s = make()
      int n = 20 + rng.nextInt(300)
      double sigma = 0.3 + rng.nextDouble() * (k == 0 ? 0.2 : 2.5)
      n.times { s.accept(Math.exp(Math.log(80) + sigma * gaussian(rng))) }
      new Sketch(s)
    }
    def merged = Distributions.merge(parts).orElseThrow()

    expect:
    QS.every { double q -> Distributions.quantileOfMerge(parts, q) == merged.quantile(q) }

    where:
    [kind, make, seed] << [
        ['collapsing lowest, 2048 bins', { DDSketches.logarithmicCollapsingLowestDense(0.01, 2048) }],
        ['collapsing lowest, 64 bins (merges collapse)', { DDSketches.logarithmicCollapsingLowestDense(0.01, 64) }],
        ['collapsing highest, 64 bins', { DDSketches.logarithmicCollapsingHighestDense(0.01, 64) }],
        ['unbounded', { DDSketches.unboundedDense(0.01) }],
        ['collapsing lowest, 2 % accuracy', { DDSketches.logarithmicCollapsingLowestDense(0.02, 2048) }],
    ].collectMany { k, m -> (1..8).collect { [k, m, it] } }
  }

  void "zeros, negative values and fractional counts go through the merged sketch: same values"() {
    given:
    def a = DDSketches.logarithmicCollapsingLowestDense(0.01, 2048)
    def b = DDSketches.logarithmicCollapsingLowestDense(0.01, 2048)
    def c = DDSketches.logarithmicCollapsingLowestDense(0.01, 2048)
    (1..50).each { a.accept(it) }
    b.accept(0); b.accept(0); (1..30).each { b.accept(it * 3) }
    c.accept(-5); c.accept(12.5, 0.5); c.accept(200)
    def parts = [new Sketch(a), new Sketch(b), new Sketch(c)]

    expect:
    QS.every { double q ->
      Distributions.quantileOfMerge(parts, q) == Distributions.merge(parts).orElseThrow().quantile(q)
    }
    QS.every { double q ->
      Distributions.quantileOfMerge(parts.take(2), q) ==
          Distributions.merge(parts.take(2)).orElseThrow().quantile(q)
    }
  }

  void "samples and histograms are merged as before"() {
    given:
    def s = [new Samples([3, 1, 2] as double[]), new Samples([5, 4] as double[])]
    def h = [new Histogram([1, 2] as double[], [1, 2, 3] as long[]),
             new Histogram([1, 2] as double[], [4, 0, 1] as long[])]

    expect:
    Distributions.quantileOfMerge(s, 0.5) == Distributions.merge(s).orElseThrow().quantile(0.5)
    Distributions.quantileOfMerge(h, 0.5) == Distributions.merge(h).orElseThrow().quantile(0.5)
  }

  private static double gaussian(SplittableRandom rng) {
    double u = rng.nextDouble()
    double v = rng.nextDouble()
    double r = Math.sqrt(-2 * Math.log(1 - u))
    return r * Math.cos(2 * Math.PI * v)
  }
}

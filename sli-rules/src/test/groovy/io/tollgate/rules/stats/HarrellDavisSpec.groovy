package io.tollgate.rules.stats

import com.datadoghq.sketch.ddsketch.DDSketches
import io.tollgate.rules.observation.Histogram
import io.tollgate.rules.observation.Samples
import io.tollgate.rules.observation.Sketch
import org.hipparchus.distribution.continuous.NormalDistribution
import spock.lang.Specification

class HarrellDavisSpec extends Specification {

  static final double[] SMALL = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8] as double[]
  static final double[] GRID = (0..<1000).collect {
    100 * Math.exp(0.5 * new NormalDistribution().inverseCumulativeProbability((((7919 * it) % 1000) + 0.5) / 1000))
  } as double[]
  static final double[] TIES = (0..<300).collect { ((37 * it) % 50) + 1 } as double[]

  static double[] data(String name) {
    [small: SMALL, grid: GRID, ties: TIES][name]
  }

  void "raw samples give SciPy's hdquantiles"() {
    expect:
    Math.abs(HarrellDavis.quantile(new Samples(data(name)), q) - expected) < 1e-7 * Math.max(1d, expected as double)

    where: 'references from src/test/scipy/harrell_davis.py (SciPy 1.17, scipy.stats.mstats.hdquantiles)'
    name    | q    || expected
    'small' | 0.1  || 1.2413295073
    'small' | 0.5  || 4.2270128610
    'small' | 0.9  || 8.1003036998
    'small' | 0.99 || 8.9598462562
    'grid'  | 0.1  || 52.6582593889
    'grid'  | 0.5  || 100.0196350184
    'grid'  | 0.9  || 190.0428169573
    'grid'  | 0.99 || 323.2591754916
    'ties'  | 0.1  || 5.5000001109
    'ties'  | 0.5  || 25.5000000000
    'ties'  | 0.9  || 45.4999998891
    'ties'  | 0.99 || 49.9387236036
  }

  void "a sketch gives nearly the values of the raw samples it was built from"() {
    given: 'log-normal latencies in a 1 % DDSketch, as the service stores them'
    double[] values = logNormal(new Random(seed), n)
    def s = DDSketches.logarithmicCollapsingLowestDense(0.01, 2048)
    values.each { s.accept(it) }
    double raw = HarrellDavis.quantile(new Samples(values), q)
    double sketched = HarrellDavis.quantile(new Sketch(s), q)

    expect: 'within the sketch relative accuracy'
    Math.abs(sketched / raw - 1) < 0.01

    where:
    seed | n    | q
    1    | 1000 | 0.99
    2    | 1000 | 0.5
    3    | 5000 | 0.99
    4    | 200  | 0.9
  }

  void "a finely bucketed histogram gives nearly the raw samples' value"() {
    given:
    double[] values = logNormal(new Random(5), 2000)
    double[] bounds = (1..400).collect { 2.0 * it } as double[]
    long[] counts = new long[bounds.length + 1]
    values.each { v -> int i = (int) Math.ceil(v / 2.0) - 1; counts[Math.min(Math.max(i, 0), bounds.length)]++ }

    expect:
    Math.abs(HarrellDavis.quantile(new Histogram(bounds, counts), 0.99) / HarrellDavis.quantile(new Samples(values), 0.99) - 1) < 0.01
    Math.abs(HarrellDavis.quantile(new Histogram(bounds, counts), 0.5) / HarrellDavis.quantile(new Samples(values), 0.5) - 1) < 0.01
  }

  void "a histogram is uniform within its buckets and its overflow counts at the last bound"() {
    expect: 'all values in one bucket (0, 10]: the Beta-weighted mean of a uniform spread'
    Math.abs(HarrellDavis.quantile(new Histogram([10, 20] as double[], [1000, 0, 0] as long[]), 0.5) - 5) < 1e-9
    and: 'a p90 of 0 to 200 uniform, with 1 % above the last bound'
    Math.abs(HarrellDavis.quantile(new Histogram([100, 200] as double[], [500, 490, 10] as long[]), 0.9) - 181.6) < 1
    and: 'the caller still sees when the quantile itself is in the overflow bucket'
    LatencyBlocks.beyondLastBound(new Histogram([100, 250] as double[], [900, 80, 20] as long[]), 0.99)
  }

  void "it varies less than the sample quantile in the tail"() {
    given: '400 blocks of 1,000 log-normal values: about 5 % less variance of ln p99, the gain is modest at this size'
    def rng = new Random(11)
    def hd = []
    def plain = []
    400.times {
      def s = new Samples(logNormal(rng, 1000))
      hd << Math.log(HarrellDavis.quantile(s, 0.99))
      plain << Math.log(s.quantile(0.99))
    }

    expect:
    variance(hd) < 0.97 * variance(plain)
  }

  void "an empty distribution has no quantile and q must lie strictly between 0 and 1"() {
    expect:
    Double.isNaN(HarrellDavis.quantile(new Samples(new double[0]), 0.5))

    when:
    HarrellDavis.quantile(new Samples(SMALL), 1)

    then:
    thrown(IllegalArgumentException)
  }

  static double[] logNormal(Random rng, int n) {
    double[] out = new double[n]
    for (int i = 0; i < n; i++) {
      out[i] = 100 * Math.exp(0.5 * rng.nextGaussian())
    }
    out
  }

  static double variance(List<Double> x) {
    double m = x.sum() / x.size()
    x.collect { (it - m) * (it - m) }.sum() / (x.size() - 1)
  }
}

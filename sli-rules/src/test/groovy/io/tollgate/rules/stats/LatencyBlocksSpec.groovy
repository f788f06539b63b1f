package io.tollgate.rules.stats

import io.tollgate.rules.observation.Interval
import io.tollgate.rules.observation.Samples
import java.time.Duration
import java.time.Instant
import java.util.SplittableRandom
import spock.lang.Specification

class LatencyBlocksSpec extends Specification {

  static final Instant T0 = Instant.parse('2026-01-01T00:00:00Z')

  void "blocks are the same whether the intervals come ascending or shuffled (seed #seed)"() {
    given: 'both sides with gaps, an interval without values, and one start only the baseline has'
    def rng = new SplittableRandom(seed)
    List<Interval> canary = []
    List<Interval> baseline = []
    (0..<30).each { int k ->
      def start = T0.plus(Duration.ofMinutes(k))
      if (k % 7 != 3) {
        canary << (k % 11 == 5 ? Interval.ofCounts(start, 10, 0) : Interval.ofDistribution(start, values(rng)))
      }
      if (k % 5 != 1) {
        baseline << Interval.ofDistribution(start, values(rng))
      }
    }
    def shuffledC = new ArrayList<>(canary)
    def shuffledB = new ArrayList<>(baseline)
    Collections.shuffle(shuffledC, new Random(seed))
    Collections.shuffle(shuffledB, new Random(seed + 1))

    when:
    def sorted = LatencyBlocks.of(canary, baseline, 25)
    def shuffled = LatencyBlocks.of(shuffledC, shuffledB, 25)

    then:
    sorted.blocks().size() > 3
    sorted.pendingCanary() == shuffled.pendingCanary()
    sorted.pendingBaseline() == shuffled.pendingBaseline()
    sorted.blocks().size() == shuffled.blocks().size()
    [sorted.blocks(), shuffled.blocks()].transpose().every { LatencyBlocks.Block a, LatencyBlocks.Block b ->
      a.start() == b.start() && a.intervals() == b.intervals() &&
          a.canary().count() == b.canary().count() && a.baseline().count() == b.baseline().count() &&
          a.canary().quantile(0.9) == b.canary().quantile(0.9) &&
          a.baseline().quantile(0.9) == b.baseline().quantile(0.9)
    }

    where:
    seed << (1..5)
  }

  private static Samples values(SplittableRandom rng) {
    double[] v = new double[5 + rng.nextInt(10)]
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.round(rng.nextDouble() * 1000) / 10.0
    }
    new Samples(v)
  }
}

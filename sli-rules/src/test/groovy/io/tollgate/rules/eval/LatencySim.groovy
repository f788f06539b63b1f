package io.tollgate.rules.eval

import groovy.transform.CompileStatic
import io.tollgate.rules.observation.Interval
import io.tollgate.rules.observation.Measurement
import io.tollgate.rules.observation.Samples
import io.tollgate.rules.observation.SliObservation
import java.time.Instant
import org.hipparchus.random.RandomGenerator

/**
 * Simulated per-interval latency for both sides: log-normal per request (median 100 ms, sigma 0.5),
 * times a per-interval, per-side log-normal factor (the cluster noise: pods, GC, caches), the
 * canary times {@code canaryFactor} with its sigma times {@code sigmaFactor}.
 */
@CompileStatic
final class LatencySim {
  final RandomGenerator rng
  final int intervals
  final int perSide
  final double clusterSd

  LatencySim(RandomGenerator rng, int intervals, int perSide, double clusterSd) {
    this.rng = rng
    this.intervals = intervals
    this.perSide = perSide
    this.clusterSd = clusterSd
  }

  /** One run, interval by interval. */
  SliObservation run(double canaryFactor, double sigmaFactor) {
    List<Interval> c = []
    List<Interval> b = []
    Instant t0 = Instant.parse('2026-11-30T12:00:00Z')
    for (int k = 0; k < intervals; k++) {
      Instant at = t0.plusSeconds(30L * k)
      c << Interval.ofDistribution(at, new Samples(side(canaryFactor, sigmaFactor)))
      b << Interval.ofDistribution(at, new Samples(side(1, 1)))
    }
    SliObservation.canaryVsBaseline(Measurement.ofIntervals(c), Measurement.ofIntervals(b))
  }

  /** The same data as whole-window totals, as a source without per-interval data gives it. */
  static SliObservation totals(SliObservation o) {
    SliObservation.canaryVsBaseline(
        Measurement.ofDistribution(o.canary().get().distribution().get()),
        Measurement.ofDistribution(o.baseline().get().distribution().get()))
  }

  private double[] side(double factor, double sigmaFactor) {
    double shift = Math.log(100 * factor) + clusterSd * rng.nextGaussian()
    double[] v = new double[perSide]
    for (int i = 0; i < perSide; i++) {
      v[i] = Math.exp(shift + 0.5 * sigmaFactor * rng.nextGaussian())
    }
    v
  }
}

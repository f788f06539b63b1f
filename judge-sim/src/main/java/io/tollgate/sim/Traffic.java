package io.tollgate.sim;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.tollgate.telemetry.aggregate.Sketches;
import java.util.SplittableRandom;

/**
 * Simulates the requests of one traffic stream in one interval: each request goes to the canary
 * with the interval's canary share and fails with its side's error rate (so both counts are
 * binomial), and takes a log-normal latency scaled by a per-interval, per-side cluster factor.
 * Latencies are recorded into a sketch from ingest's {@link Sketches}, the code the service stores
 * its per-minute aggregates with.
 */
final class Traffic {
  private final Scenario scenario;
  private final boolean latency;
  private final double muBaseline;
  private final double muCanary;
  private final double sigmaCanary;

  Traffic(Scenario scenario, boolean latency) {
    this.scenario = scenario;
    this.latency = latency;
    Scenario.Latency l = scenario.latency();
    this.muBaseline = Math.log(l.median());
    this.muCanary = muBaseline + Math.log(l.canaryFactor());
    this.sigmaCanary = l.sigma() * l.canarySigmaFactor();
  }

  /** Interval {@code k}: {@code [canary, baseline]}. */
  SideInterval[] interval(SplittableRandom rng, int k) {
    double share = scenario.canaryShare().at(k);
    long canary = 0;
    for (int i = 0; i < scenario.requests(); i++) {
      if (rng.nextDouble() < share) {
        canary++;
      }
    }
    double rate = scenario.errorRate().at(k);
    double canaryRate = Math.min(1, rate * scenario.canaryErrorFactor());
    Scenario.Latency l = scenario.latency();
    return new SideInterval[] {
      side(rng, canary, canaryRate, muCanary, sigmaCanary, l.clusterSd()),
      side(rng, scenario.requests() - canary, rate, muBaseline, l.sigma(), l.clusterSd())
    };
  }

  private SideInterval side(
      SplittableRandom rng, long n, double rate, double mu, double sigma, double clusterSd) {
    long errors = 0;
    for (long i = 0; i < n; i++) {
      if (rng.nextDouble() < rate) {
        errors++;
      }
    }
    if (!latency) {
      return new SideInterval(n, errors, null);
    }
    DDSketch sketch = Sketches.newSketch();
    // one factor for every request of this side in this interval: pods, GC pauses, caches
    double m = mu + (clusterSd > 0 ? clusterSd * rng.nextGaussian() : 0);
    for (long i = 0; i < n; i++) {
      sketch.accept(Math.exp(m + sigma * rng.nextGaussian()));
    }
    return new SideInterval(n, errors, sketch);
  }
}

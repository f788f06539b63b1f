package io.tollgate.sim;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * An Argo Rollouts-style background analysis with fixed thresholds: every interval one measurement
 * per metric of the canary's last interval ({@code failureCondition: result > threshold}): the
 * error ratio against {@code maxErrorRatio}, the latency SLI's value against {@code
 * maxLatencyFactor} times the baseline's nominal value (the log-normal's quantile or mean, as a
 * team would read it off a dashboard). A metric fails when more than {@code failureLimit} of its
 * measurements failed (Argo's default failureLimit is 0), and a failed metric fails the analysis.
 * It passes when the last interval passed without a failure. An interval without canary requests
 * gives NaN, which a {@code >} condition does not count as failed.
 */
final class ArgoThresholdJudge implements RunJudge {
  private final Scenario.ArgoThreshold settings;
  private final List<SimGate.SimSli> metrics = new ArrayList<>();
  private final double[] limits;
  private final int[] failures;

  ArgoThresholdJudge(Scenario scenario, SimGate gate) {
    this.settings = scenario.argo();
    for (SimGate.SimSli s : gate.slis()) {
      if (s.health()) {
        metrics.add(s);
      }
    }
    limits = new double[metrics.size()];
    failures = new int[metrics.size()];
    for (int i = 0; i < limits.length; i++) {
      limits[i] =
          metrics.get(i).feed() == SimGate.Feed.COUNTS
              ? settings.maxErrorRatio()
              : settings.maxLatencyFactor() * nominal(scenario.latency(), metrics.get(i));
    }
  }

  /** The baseline's latency SLI value without noise: the log-normal's quantile or mean. */
  static double nominal(Scenario.Latency l, SimGate.SimSli m) {
    if (m.quantile().isPresent()) {
      double z =
          new NormalDistribution(0, 1).inverseCumulativeProbability(m.quantile().getAsDouble());
      return l.median() * Math.exp(l.sigma() * z);
    }
    return l.median() * Math.exp(l.sigma() * l.sigma() / 2);
  }

  @Override
  public String name() {
    return "argo-threshold";
  }

  @Override
  public RunOutcome.Decision look(int k, boolean last, List<List<SideInterval[]>> streams) {
    for (int i = 0; i < metrics.size(); i++) {
      SimGate.SimSli m = metrics.get(i);
      double v = KayentaJudge.point(m, streams.get(m.stream()), k, k, 0);
      if (v > limits[i]) {
        failures[i]++;
        if (failures[i] > settings.failureLimit()) {
          return RunOutcome.Decision.FAIL;
        }
      }
    }
    return last ? RunOutcome.Decision.PASS : RunOutcome.Decision.OPEN;
  }
}

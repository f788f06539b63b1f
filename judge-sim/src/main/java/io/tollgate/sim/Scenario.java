package io.tollgate.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One simulated canary analysis, as read from a scenario file by {@link ScenarioReader}: the gate,
 * how much traffic arrives per interval and how it is split, the shared error rate, and how the
 * canary differs from the baseline.
 *
 * @param name the scenario's name, printed on its result line
 * @param file where the scenario was read from
 * @param gate the gate file (resolved against the scenario file's directory)
 * @param sliCopies how often the gate's simulated SLIs are repeated, each with its own traffic
 * @param runs how many independent analyses are simulated
 * @param seed the seed every run's random numbers derive from
 * @param interval the length of one interval (one evaluation step, one stored aggregate)
 * @param intervals how many intervals one analysis lasts at most
 * @param requests requests per interval and traffic stream, canary and baseline together
 * @param canaryShare the canary's share of requests by interval index, in (0, 1)
 * @param errorRate the baseline's error rate by interval index, shared by both sides
 * @param canaryErrorFactor multiplies the canary's error rate
 * @param latency the latency model
 * @param argo the Argo-style threshold analysis run on the same traffic
 */
public record Scenario(
    String name,
    Path file,
    Path gate,
    int sliCopies,
    int runs,
    long seed,
    Duration interval,
    int intervals,
    int requests,
    Schedule canaryShare,
    Schedule errorRate,
    double canaryErrorFactor,
    Latency latency,
    ArgoThreshold argo) {
  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(canaryShare, "canaryShare");
    Objects.requireNonNull(errorRate, "errorRate");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(argo, "argo");
  }

  /** The same scenario judged with another gate. */
  public Scenario withGate(Path other) {
    return new Scenario(
        name,
        file,
        other,
        sliCopies,
        runs,
        seed,
        interval,
        intervals,
        requests,
        canaryShare,
        errorRate,
        canaryErrorFactor,
        latency,
        argo);
  }

  /** The same scenario with another number of runs (a quick check of a shipped file). */
  public Scenario withRuns(int n) {
    return new Scenario(
        name,
        file,
        gate,
        sliCopies,
        n,
        seed,
        interval,
        intervals,
        requests,
        canaryShare,
        errorRate,
        canaryErrorFactor,
        latency,
        argo);
  }

  /**
   * Log-normal latency per request in milliseconds, with per-interval, per-side multiplicative
   * noise: requests in one interval share pods, GC pauses and caches.
   *
   * @param median the baseline's median latency
   * @param sigma the baseline's log-scale standard deviation
   * @param clusterSd the log-scale standard deviation of the per-interval, per-side factor
   * @param canaryFactor multiplies every canary latency
   * @param canarySigmaFactor multiplies the canary's sigma (a tail regression)
   */
  public record Latency(
      double median,
      double sigma,
      double clusterSd,
      double canaryFactor,
      double canarySigmaFactor) {
    /** 100 ms median, sigma 0.5, no clustering, the canary like the baseline. */
    public static final Latency DEFAULT = new Latency(100, 0.5, 0, 1, 1);
  }

  /**
   * An Argo Rollouts-style background analysis: one measurement per interval of the canary's last
   * interval; a measurement fails when the error ratio exceeds {@code maxErrorRatio} or the latency
   * SLI's value exceeds {@code maxLatencyFactor} times the baseline's nominal value; the analysis
   * fails when more than {@code failureLimit} measurements of one metric failed (Argo's default
   * failureLimit is 0).
   */
  public record ArgoThreshold(double maxErrorRatio, double maxLatencyFactor, int failureLimit) {
    /**
     * Argo's documented example (success rate at least 0.95, so an error ratio above 0.05 fails a
     * measurement), latency above 1.25x its nominal value, and Argo's default failureLimit 0.
     */
    public static final ArgoThreshold DEFAULT = new ArgoThreshold(0.05, 1.25, 0);
  }

  /**
   * A value that changes at interval indexes: the last step whose {@code from} is at or before the
   * interval applies.
   */
  public record Schedule(List<Step> steps) {
    public Schedule {
      steps = List.copyOf(steps);
      if (steps.isEmpty() || steps.get(0).from() != 0) {
        throw new IllegalArgumentException("a schedule starts at interval 0");
      }
      for (int i = 1; i < steps.size(); i++) {
        if (steps.get(i).from() <= steps.get(i - 1).from()) {
          throw new IllegalArgumentException("schedule steps must have increasing 'from'");
        }
      }
    }

    /** A constant schedule. */
    public static Schedule constant(double value) {
      return new Schedule(List.of(new Step(0, value)));
    }

    /** The value at interval {@code k}. */
    public double at(int k) {
      double v = steps.get(0).value();
      for (Step s : steps) {
        if (s.from() > k) {
          break;
        }
        v = s.value();
      }
      return v;
    }
  }

  /** From interval {@code from} on, {@code value}. */
  public record Step(int from, double value) {}
}

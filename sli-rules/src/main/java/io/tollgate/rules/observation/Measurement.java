package io.tollgate.rules.observation;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What was observed for one SLI on one side (canary, baseline or current run): any of a scalar
 * value, counts and a distribution. The judge derives the SLI's value from what the SLI's kind
 * needs and uses counts or the distribution for statistical tests.
 */
public record Measurement(
    OptionalDouble value, Optional<Counts> counts, Optional<Distribution> distribution) {
  public Measurement {
    value = value == null ? OptionalDouble.empty() : value;
    counts = counts == null ? Optional.empty() : counts;
    distribution = distribution == null ? Optional.empty() : distribution;
    if (value.isPresent() && !Double.isFinite(value.getAsDouble())) {
      // NaN and +Inf from a source are "no data", not a number to compare
      value = OptionalDouble.empty();
    }
  }

  /** Only a scalar value. */
  public static Measurement ofValue(double value) {
    return new Measurement(OptionalDouble.of(value), Optional.empty(), Optional.empty());
  }

  /** Only counts. */
  public static Measurement ofCounts(long total, long errors) {
    return new Measurement(
        OptionalDouble.empty(), Optional.of(new Counts(total, errors)), Optional.empty());
  }

  /** Only a distribution. */
  public static Measurement ofDistribution(Distribution d) {
    return new Measurement(OptionalDouble.empty(), Optional.empty(), Optional.of(d));
  }

  /** Raw samples. */
  public static Measurement ofSamples(double... samples) {
    return ofDistribution(new Samples(samples));
  }

  /** True when nothing at all was observed. */
  public boolean isEmpty() {
    return value.isEmpty() && counts.isEmpty() && distribution.isEmpty();
  }
}

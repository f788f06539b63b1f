package io.tollgate.rules.observation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What was observed for one SLI on one side (canary, baseline or current run): any of a scalar
 * value, counts and a distribution over the whole window, and, where the source keeps them, the
 * same per interval (oldest first). The judge derives the SLI's value from the totals and runs its
 * sequential tests on the intervals; a measurement without intervals counts as one interval.
 */
public record Measurement(
    OptionalDouble value,
    Optional<Counts> counts,
    Optional<Distribution> distribution,
    List<Interval> intervals) {
  public Measurement {
    value = value == null ? OptionalDouble.empty() : value;
    counts = counts == null ? Optional.empty() : counts;
    distribution = distribution == null ? Optional.empty() : distribution;
    intervals =
        intervals == null
            ? List.of()
            : intervals.stream().sorted(Comparator.comparing(Interval::start)).toList();
    if (value.isPresent() && !Double.isFinite(value.getAsDouble())) {
      // NaN and +Inf from a source are "no data", not a number to compare
      value = OptionalDouble.empty();
    }
  }

  /** Totals without intervals. */
  public Measurement(
      OptionalDouble value, Optional<Counts> counts, Optional<Distribution> distribution) {
    this(value, counts, distribution, List.of());
  }

  /**
   * A side observed interval by interval; the totals are the sums (counts) and merges
   * (distributions) of the intervals.
   */
  public static Measurement ofIntervals(List<Interval> intervals) {
    long total = 0;
    long errors = 0;
    boolean counted = false;
    List<Distribution> parts = new ArrayList<>();
    for (Interval i : intervals) {
      if (i.counts().isPresent()) {
        counted = true;
        total += i.counts().get().total();
        errors += i.counts().get().errors();
      }
      i.distribution().ifPresent(parts::add);
    }
    return new Measurement(
        OptionalDouble.empty(),
        counted ? Optional.of(new Counts(total, errors)) : Optional.empty(),
        Distributions.merge(parts),
        intervals);
  }

  /**
   * The intervals, or the totals as one interval starting at the epoch when the source gave none.
   */
  public List<Interval> intervalsOrWhole() {
    return intervals.isEmpty()
        ? List.of(new Interval(Instant.EPOCH, counts, distribution))
        : intervals;
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
    return value.isEmpty() && counts.isEmpty() && distribution.isEmpty() && intervals.isEmpty();
  }
}

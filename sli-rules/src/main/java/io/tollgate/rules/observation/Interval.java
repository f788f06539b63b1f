package io.tollgate.rules.observation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one side saw in one interval of the window (a minute of stored aggregates, or one evaluation
 * step): its requests and errors and its latency distribution. The judge uses intervals to know
 * when each request and error happened and under which canary/baseline split, and treats an
 * interval as the unit of latency comparisons, since requests within one interval share pods, GC
 * pauses and caches.
 *
 * @param start the interval's start; canary and baseline intervals with the same start are compared
 * @param counts requests and errors in the interval, if the source counts them
 * @param distribution the interval's values, if the source has a distribution
 */
public record Interval(
    Instant start, Optional<Counts> counts, Optional<Distribution> distribution) {
  public Interval {
    Objects.requireNonNull(start, "start");
    counts = counts == null ? Optional.empty() : counts;
    distribution = distribution == null ? Optional.empty() : distribution;
  }

  /** An interval with counts only. */
  public static Interval ofCounts(Instant start, long total, long errors) {
    return new Interval(start, Optional.of(new Counts(total, errors)), Optional.empty());
  }

  /** An interval with a distribution only. */
  public static Interval ofDistribution(Instant start, Distribution distribution) {
    return new Interval(start, Optional.empty(), Optional.of(distribution));
  }
}

package io.tollgate.rules.observation;

import java.util.Optional;

/**
 * Requests (or tests) and how many of them failed, for one side over one period.
 *
 * <p>Counted sources give whole numbers. A query source ({@code prometheus: {errors, total}}) may
 * give real numbers: per-second rates from {@code rate()}, or extrapolated {@code increase()}
 * values. Those are kept exactly in {@code exactTotal}/{@code exactErrors}, which ratios and burn
 * rates use; {@code total}/{@code errors} are the nearest whole numbers, and {@link #whole()} says
 * whether they are the real counts that count-based tests (proportion tests) need.
 *
 * <pre>{@code
 * Counts c = Counts.fromQuery(1.0, 0.05).orElseThrow(); // rate() values: 1 req/s, 0.05 err/s
 * c.errorRatio(); // 0.05
 * c.whole();      // false: not counts, a proportion test must not use them
 * }</pre>
 *
 * @param total whole number of requests
 * @param errors whole number of errors
 * @param exactTotal the total as observed (equal to {@code total} for counted sources)
 * @param exactErrors the errors as observed
 */
public record Counts(long total, long errors, double exactTotal, double exactErrors) {
  public Counts {
    if (total < 0 || errors < 0 || errors > total) {
      throw new IllegalArgumentException("need 0 <= errors <= total, got " + errors + "/" + total);
    }
    if (!(exactTotal >= 0 && exactErrors >= 0 && exactErrors <= exactTotal)
        || Double.isInfinite(exactTotal)) {
      throw new IllegalArgumentException(
          "need 0 <= errors <= total, got " + exactErrors + "/" + exactTotal);
    }
  }

  /** Whole counts. */
  public Counts(long total, long errors) {
    this(total, errors, total, errors);
  }

  /**
   * Counts from query values that need not be whole numbers; empty when the total is not a positive
   * finite number or the errors are not finite. Errors are clamped to {@code [0, total]}: two
   * queries extrapolate separately, so errors may slightly exceed the total.
   */
  public static Optional<Counts> fromQuery(double total, double errors) {
    if (!(total > 0) || Double.isInfinite(total) || !Double.isFinite(errors)) {
      return Optional.empty();
    }
    double e = Math.max(0, Math.min(total, errors));
    long t = Math.round(total);
    return Optional.of(new Counts(t, Math.min(t, Math.round(e)), total, e));
  }

  /** True when the values are whole numbers: real counts, not rates or extrapolations. */
  public boolean whole() {
    return exactTotal == total && exactErrors == errors;
  }

  /** errors / total from the exact values, NaN when there were no requests. */
  public double errorRatio() {
    return exactTotal == 0 ? Double.NaN : exactErrors / exactTotal;
  }
}

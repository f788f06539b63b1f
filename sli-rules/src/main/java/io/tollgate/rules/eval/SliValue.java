package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.SliSource;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.Distribution;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.stats.LatencyBlocks;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Derives an SLI's single value from a measurement: an explicit value wins; else counts give the
 * error or good ratio, the total (request counts) or the errors (failed or flaky tests); else a
 * distribution gives the SLI's quantile or its mean.
 */
final class SliValue {
  private SliValue() {}

  static OptionalDouble of(SliSource source, Measurement m) {
    if (m.value().isPresent()) {
      return m.value();
    }
    if (m.counts().isPresent()) {
      Counts c = m.counts().get();
      switch (source.valueKind()) {
        case ERROR_RATIO:
          return c.exactTotal() == 0 ? OptionalDouble.empty() : OptionalDouble.of(c.errorRatio());
        case GOOD_RATIO:
          return c.exactTotal() == 0
              ? OptionalDouble.empty()
              : OptionalDouble.of(1 - c.errorRatio());
        case COUNT:
          return OptionalDouble.of(c.exactTotal());
        case FAILURE_COUNT:
          return OptionalDouble.of(c.exactErrors());
        default:
          break;
      }
    }
    if (m.distribution().isPresent()) {
      Distribution d = m.distribution().get();
      if (d.count() == 0) {
        return OptionalDouble.empty();
      }
      if (overflow(source, m).isPresent()) {
        return OptionalDouble.empty();
      }
      double v =
          source.quantile().isPresent() ? d.quantile(source.quantile().getAsDouble()) : d.mean();
      return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    }
    return OptionalDouble.empty();
  }

  /**
   * Why a distribution has no value: its quantile lies in a histogram's +Inf bucket, where a
   * histogram can only report its last finite bound.
   */
  static Optional<String> overflow(SliSource source, Measurement m) {
    if (m.value().isPresent() || m.distribution().isEmpty() || source.quantile().isEmpty()) {
      return Optional.empty();
    }
    double q = source.quantile().getAsDouble();
    Distribution d = m.distribution().get();
    if (!LatencyBlocks.beyondLastBound(d, q)) {
      return Optional.empty();
    }
    return Optional.of(
        "the p"
            + Numbers.format(q * 100)
            + " lies above the histogram's last bound "
            + Numbers.format(LatencyBlocks.lastBound(d))
            + " (in the +Inf bucket), so its value is unknown; add buckets above it");
  }
}

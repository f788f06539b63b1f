package io.tollgate.rules.eval;

import io.tollgate.rules.model.SliSource;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.Distribution;
import io.tollgate.rules.observation.Measurement;
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
          return c.total() == 0 ? OptionalDouble.empty() : OptionalDouble.of(c.errorRatio());
        case GOOD_RATIO:
          return c.total() == 0 ? OptionalDouble.empty() : OptionalDouble.of(1 - c.errorRatio());
        case COUNT:
          return OptionalDouble.of(c.total());
        case FAILURE_COUNT:
          return OptionalDouble.of(c.errors());
        default:
          break;
      }
    }
    if (m.distribution().isPresent()) {
      Distribution d = m.distribution().get();
      if (d.count() == 0) {
        return OptionalDouble.empty();
      }
      double v =
          source.quantile().isPresent() ? d.quantile(source.quantile().getAsDouble()) : d.mean();
      return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    }
    return OptionalDouble.empty();
  }
}

package io.tollgate.rules.observation;

import java.time.Duration;
import java.util.Objects;

/** Counts over the trailing {@code window} (e.g. 1h, 5m, 30d), for error-budget criteria. */
public record WindowCounts(Duration window, Counts counts) {
  public WindowCounts {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(counts, "counts");
  }
}

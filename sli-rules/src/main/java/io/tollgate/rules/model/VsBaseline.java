package io.tollgate.rules.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The canary's value against the concurrent baseline's, as a ratio or a delta. When the two differ
 * by less than {@code minAbsoluteDelta} the criterion passes: tiny baselines do not trigger. A zero
 * baseline in ratio mode compares as {@code +Inf} (canary above zero) or {@code 1} (both zero).
 */
public record VsBaseline(
    RelativeMode mode, Condition pass, Optional<Condition> warn, double minAbsoluteDelta)
    implements Criterion {
  public VsBaseline {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(pass, "pass");
    warn = warn == null ? Optional.empty() : warn;
    if (!(minAbsoluteDelta >= 0)) {
      throw new IllegalArgumentException("minAbsoluteDelta must be >= 0");
    }
  }

  @Override
  public String kind() {
    return "vsBaseline";
  }
}

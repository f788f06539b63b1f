package io.tollgate.rules.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The current run's value against an aggregate of the last {@code runs} past runs (optionally only
 * those with a given outcome). Pinned runs are always part of the reference, excluded runs never.
 * Fewer than {@code minRuns} usable runs is missing data, never a pass.
 */
public record VsHistory(
    int runs,
    int minRuns,
    Optional<Outcome> onlyOutcome,
    HistoryAggregate aggregate,
    RelativeMode mode,
    Condition pass,
    Optional<Condition> warn,
    double minAbsoluteDelta)
    implements Criterion {
  public VsHistory {
    if (runs < 1 || minRuns < 1 || minRuns > runs) {
      throw new IllegalArgumentException("need 1 <= minRuns <= runs");
    }
    onlyOutcome = onlyOutcome == null ? Optional.empty() : onlyOutcome;
    Objects.requireNonNull(aggregate, "aggregate");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(pass, "pass");
    warn = warn == null ? Optional.empty() : warn;
    if (!(minAbsoluteDelta >= 0)) {
      throw new IllegalArgumentException("minAbsoluteDelta must be >= 0");
    }
  }

  @Override
  public String kind() {
    return "vsHistory";
  }
}

package io.tollgate.rules.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The current run's value against an aggregate of the last {@code runs} past runs (optionally only
 * those with a given outcome). Pinned runs are always part of the reference, excluded runs never.
 * Fewer than {@code minRuns} usable runs is missing data, never a pass.
 *
 * <p>{@code absolute}, when present, also holds the current value to fixed limits in the same
 * criterion: the criterion's outcome is the worse of the two. This is how Keptn's AND-ed criteria
 * group ({@code pass: [{criteria: ["<=+10%", "<600"]}]}) stays one criterion of full weight.
 */
public record VsHistory(
    int runs,
    int minRuns,
    Optional<Outcome> onlyOutcome,
    HistoryAggregate aggregate,
    RelativeMode mode,
    Condition pass,
    Optional<Condition> warn,
    double minAbsoluteDelta,
    Optional<Absolute> absolute)
    implements Criterion {

  /** A history criterion without absolute limits. */
  public VsHistory(
      int runs,
      int minRuns,
      Optional<Outcome> onlyOutcome,
      HistoryAggregate aggregate,
      RelativeMode mode,
      Condition pass,
      Optional<Condition> warn,
      double minAbsoluteDelta) {
    this(
        runs,
        minRuns,
        onlyOutcome,
        aggregate,
        mode,
        pass,
        warn,
        minAbsoluteDelta,
        Optional.empty());
  }

  public VsHistory {
    if (runs < 1 || minRuns < 1 || minRuns > runs) {
      throw new IllegalArgumentException("need 1 <= minRuns <= runs");
    }
    onlyOutcome = onlyOutcome == null ? Optional.empty() : onlyOutcome;
    Objects.requireNonNull(aggregate, "aggregate");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(pass, "pass");
    warn = warn == null ? Optional.empty() : warn;
    absolute = absolute == null ? Optional.empty() : absolute;
    if (!(minAbsoluteDelta >= 0)) {
      throw new IllegalArgumentException("minAbsoluteDelta must be >= 0");
    }
  }

  @Override
  public String kind() {
    return "vsHistory";
  }
}

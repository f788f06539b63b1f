package io.tollgate.rules.observation;

import io.tollgate.rules.model.Outcome;
import java.util.Objects;

/**
 * One past run of the same gate: its id, its outcome, the SLI's value in that run, and whether it
 * is pinned (always part of the reference) or excluded (never).
 */
public record HistoryRun(
    String id, Outcome outcome, double value, boolean pinned, boolean excluded) {
  public HistoryRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(outcome, "outcome");
    if (pinned && excluded) {
      throw new IllegalArgumentException("run " + id + " cannot be pinned and excluded");
    }
  }
}

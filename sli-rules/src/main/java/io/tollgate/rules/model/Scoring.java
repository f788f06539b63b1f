package io.tollgate.rules.model;

/**
 * Keptn-style score thresholds in percent: a score at or above {@code pass} passes, at or above
 * {@code warn} warns, anything lower fails.
 */
public record Scoring(double pass, double warn) {
  /** 90 % to pass, 75 % to warn: the thresholds Keptn users know. */
  public static final Scoring DEFAULT = new Scoring(90, 75);

  public Scoring {
    if (!(warn >= 0 && warn <= pass && pass <= 100)) {
      throw new IllegalArgumentException("need 0 <= warn <= pass <= 100, got " + warn + "/" + pass);
    }
  }
}

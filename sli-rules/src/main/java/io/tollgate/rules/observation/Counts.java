package io.tollgate.rules.observation;

/** Requests (or tests) and how many of them failed, for one side over one period. */
public record Counts(long total, long errors) {
  public Counts {
    if (total < 0 || errors < 0 || errors > total) {
      throw new IllegalArgumentException("need 0 <= errors <= total, got " + errors + "/" + total);
    }
  }

  /** errors / total, NaN when there were no requests. */
  public double errorRatio() {
    return total == 0 ? Double.NaN : (double) errors / total;
  }
}

package io.tollgate.rules.model;

import java.util.Optional;

/** How the values of past runs are folded into one reference: mean, median or a percentile. */
public record HistoryAggregate(Kind kind, double percentile) {

  /** The aggregation function. */
  public enum Kind {
    AVG,
    MEDIAN,
    PERCENTILE
  }

  public HistoryAggregate {
    if (kind == Kind.PERCENTILE && !(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]");
    }
  }

  /** Parses {@code avg}, {@code median} or {@code p90}-style text. */
  public static Optional<HistoryAggregate> parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("avg") || t.equals("mean")) {
      return Optional.of(new HistoryAggregate(Kind.AVG, 0));
    }
    if (t.equals("median") || t.equals("p50")) {
      return Optional.of(new HistoryAggregate(Kind.MEDIAN, 50));
    }
    if (t.matches("p\\d{1,2}(\\.\\d+)?|p100")) {
      double p = Double.parseDouble(t.substring(1));
      if (p > 0 && p <= 100) {
        return Optional.of(new HistoryAggregate(Kind.PERCENTILE, p));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return switch (kind) {
      case AVG -> "avg";
      case MEDIAN -> "median";
      case PERCENTILE -> "p" + Numbers.format(percentile);
    };
  }
}

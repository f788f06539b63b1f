package io.tollgate.telemetry.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each kind of telemetry is kept.
 *
 * @param minutes per-minute aggregates of spans, metrics and signatures
 * @param rollups hourly and daily rollups
 * @param signatures failure signatures, counted from when they were last seen
 */
public record RetentionAges(Duration minutes, Duration rollups, Duration signatures) {
  public RetentionAges {
    positive("minutes", minutes);
    positive("rollups", rollups);
    positive("signatures", signatures);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " retention must be positive: " + d);
    }
  }
}

package io.tollgate.rules.model;

import java.time.Duration;
import java.util.List;

/**
 * A multi-window burn-rate alert: both windows must burn faster than {@code factor}. A page-level
 * pair fails the criterion, a ticket-level pair warns.
 */
public record BurnWindow(Duration longWindow, Duration shortWindow, double factor, boolean page) {

  /**
   * The SRE workbook's pairs for a 30-day SLO: 1h/5m 14.4 and 6h/30m 6 page, 1d/2h 3 and 3d/6h 1
   * ticket.
   */
  public static final List<BurnWindow> SRE_WORKBOOK =
      List.of(
          new BurnWindow(Duration.ofHours(1), Duration.ofMinutes(5), 14.4, true),
          new BurnWindow(Duration.ofHours(6), Duration.ofMinutes(30), 6, true),
          new BurnWindow(Duration.ofDays(1), Duration.ofHours(2), 3, false),
          new BurnWindow(Duration.ofDays(3), Duration.ofHours(6), 1, false));

  public BurnWindow {
    if (shortWindow.compareTo(longWindow) >= 0
        || shortWindow.isNegative()
        || shortWindow.isZero()) {
      throw new IllegalArgumentException("need 0 < short window < long window");
    }
    if (!(factor > 0)) {
      throw new IllegalArgumentException("factor must be > 0");
    }
  }
}

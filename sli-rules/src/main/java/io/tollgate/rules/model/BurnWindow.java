package io.tollgate.rules.model;

import java.time.Duration;
import java.util.List;

/**
 * A multi-window burn-rate alert: both windows must burn faster than {@code factor}. A page-level
 * pair fails the criterion, a ticket-level pair warns.
 *
 * <p>The factor is usually derived from the share of the error budget the pair is meant to catch:
 * burning {@code budgetShare} of the budget of an SLO over {@code sloWindow} within the long window
 * takes a burn rate of {@code budgetShare × sloWindow / longWindow} (SRE workbook, "Alerting on
 * SLOs"). {@code budgetShare} is NaN when the factor was given directly.
 *
 * <pre>{@code
 * BurnWindow.ofShare(Duration.ofHours(1), Duration.ofMinutes(5), 0.02, true, Duration.ofDays(30))
 *     .factor(); // 14.4
 * }</pre>
 */
public record BurnWindow(
    Duration longWindow, Duration shortWindow, double factor, boolean page, double budgetShare) {

  /**
   * The SRE workbook's shares: 2 % of the budget within 1 h (checked over 5 min) and 5 % within 6 h
   * (30 min) page; 10 % within 3 d (6 h) opens a ticket.
   */
  public static List<BurnWindow> defaults(Duration sloWindow) {
    return List.of(
        ofShare(Duration.ofHours(1), Duration.ofMinutes(5), 0.02, true, sloWindow),
        ofShare(Duration.ofHours(6), Duration.ofMinutes(30), 0.05, true, sloWindow),
        ofShare(Duration.ofDays(3), Duration.ofHours(6), 0.10, false, sloWindow));
  }

  /** The defaults for a 30-day SLO: factors 14.4, 6 and 1. */
  public static final List<BurnWindow> SRE_WORKBOOK = defaults(Duration.ofDays(30));

  public BurnWindow {
    if (shortWindow.compareTo(longWindow) >= 0
        || shortWindow.isNegative()
        || shortWindow.isZero()) {
      throw new IllegalArgumentException("need 0 < short window < long window");
    }
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be > 0");
    }
    if (!Double.isNaN(budgetShare) && !(budgetShare > 0 && budgetShare <= 1)) {
      throw new IllegalArgumentException("budget share must be in (0, 1]");
    }
  }

  /** A pair with an explicit factor. */
  public BurnWindow(Duration longWindow, Duration shortWindow, double factor, boolean page) {
    this(longWindow, shortWindow, factor, page, Double.NaN);
  }

  /**
   * A pair that alerts when {@code budgetShare} of an SLO window's budget burns in the long one.
   */
  public static BurnWindow ofShare(
      Duration longWindow,
      Duration shortWindow,
      double budgetShare,
      boolean page,
      Duration sloWindow) {
    double factor = budgetShare * sloWindow.toMillis() / (double) longWindow.toMillis();
    return new BurnWindow(longWindow, shortWindow, factor, page, budgetShare);
  }

  /** True when the factor was derived from a budget share. */
  public boolean fromShare() {
    return !Double.isNaN(budgetShare);
  }
}

package io.tollgate.rules.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An error budget on the SLI's good/total counts for an SLO of {@code objective} (e.g. 0.999) over
 * {@code window}. In {@link Mode#BURN_RATE} the error ratios of the window pairs are compared with
 * the burn factors; in {@link Mode#REMAINING} the fraction of the budget left over the whole window
 * is checked against {@code remainingPass}/{@code remainingWarn}.
 *
 * <p>A window pair is judged only when its short window saw at least {@link #minEvents(BurnWindow)}
 * requests: {@code minEvents} when set (above 0), else enough that a single error cannot push the
 * short window over the pair's factor, {@code ceil(1 / (factor × (1 − objective)))}.
 */
public record Budget(
    double objective,
    Duration window,
    Mode mode,
    List<BurnWindow> burnWindows,
    Optional<Condition> remainingPass,
    Optional<Condition> remainingWarn,
    long minEvents)
    implements Criterion {

  /** Which budget question the criterion asks. */
  public enum Mode {
    BURN_RATE,
    REMAINING
  }

  public Budget {
    if (!(objective > 0 && objective < 1)) {
      throw new IllegalArgumentException("objective must be in (0, 1)");
    }
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(mode, "mode");
    burnWindows = List.copyOf(burnWindows);
    remainingPass = remainingPass == null ? Optional.empty() : remainingPass;
    remainingWarn = remainingWarn == null ? Optional.empty() : remainingWarn;
    if (mode == Mode.BURN_RATE && burnWindows.isEmpty()) {
      throw new IllegalArgumentException("burn-rate mode needs at least one window pair");
    }
    if (mode == Mode.REMAINING && remainingPass.isEmpty()) {
      throw new IllegalArgumentException("remaining mode needs a pass condition");
    }
    if (minEvents < 0) {
      throw new IllegalArgumentException("minEvents must be >= 0");
    }
  }

  /** A budget with the derived minimum of events per short window. */
  public Budget(
      double objective,
      Duration window,
      Mode mode,
      List<BurnWindow> burnWindows,
      Optional<Condition> remainingPass,
      Optional<Condition> remainingWarn) {
    this(objective, window, mode, burnWindows, remainingPass, remainingWarn, 0);
  }

  /** Requests the short window of {@code w} needs before the pair may alert. */
  public double minEvents(BurnWindow w) {
    return minEvents > 0 ? minEvents : Math.ceil(1 / (w.factor() * (1 - objective)) - 1e-9);
  }

  @Override
  public String kind() {
    return "budget";
  }
}

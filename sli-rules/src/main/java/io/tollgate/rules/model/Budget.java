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
 */
public record Budget(
    double objective,
    Duration window,
    Mode mode,
    List<BurnWindow> burnWindows,
    Optional<Condition> remainingPass,
    Optional<Condition> remainingWarn)
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
  }

  @Override
  public String kind() {
    return "budget";
  }
}

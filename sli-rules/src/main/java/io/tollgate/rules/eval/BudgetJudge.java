package io.tollgate.rules.eval;

import io.tollgate.rules.model.Budget;
import io.tollgate.rules.model.BurnWindow;
import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.PrometheusQuery;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.stats.ErrorBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges an error budget: multi-window burn rates (a page pair burning fails, a ticket pair warns)
 * or the budget remaining over the SLO window.
 */
final class BudgetJudge {
  private BudgetJudge() {}

  static Verdict judge(Sli sli, Budget b, SliObservation obs) {
    return b.mode() == Budget.Mode.BURN_RATE ? burn(sli, b, obs) : remaining(b, obs);
  }

  private static final Pattern PER_SECOND = Pattern.compile("\\b(?:i?rate)\\s*\\(");

  /**
   * Requests in {@code window}: the total as observed, or, for a Prometheus total written with
   * {@code rate()} (per second), the rate times the window's length.
   */
  static double events(Sli sli, Counts c, Duration window) {
    if (sli.source() instanceof PrometheusQuery p
        && PER_SECOND.matcher(p.totalQuery()).find()
        && !p.totalQuery().contains("increase(")) {
      return c.exactTotal() * window.toSeconds();
    }
    return c.exactTotal();
  }

  private static Verdict burn(Sli sli, Budget b, SliObservation obs) {
    Evidence.Builder e =
        new Evidence.Builder()
            .thresholds(
                "objective " + Numbers.format(b.objective()) + ", " + describe(b, b.burnWindows()));
    List<String> missing = new ArrayList<>();
    List<String> quiet = new ArrayList<>();
    Outcome worst = Outcome.PASS;
    String worstText = "";
    double maxBurn = 0;
    int judged = 0;
    for (BurnWindow w : b.burnWindows()) {
      Optional<Counts> lng = obs.window(w.longWindow());
      Optional<Counts> shrt = obs.window(w.shortWindow());
      if (lng.isEmpty() || lng.get().exactTotal() == 0) {
        missing.add(Durations.format(w.longWindow()));
        continue;
      }
      if (shrt.isEmpty() || shrt.get().exactTotal() == 0) {
        missing.add(Durations.format(w.shortWindow()));
        continue;
      }
      double bl = burnRate(lng.get(), b);
      double bs = burnRate(shrt.get(), b);
      e.value("burn " + Durations.format(w.longWindow()), bl)
          .value("burn " + Durations.format(w.shortWindow()), bs);
      e.samples(Durations.format(w.longWindow()), lng.get().exactTotal());
      e.samples(Durations.format(w.shortWindow()), shrt.get().exactTotal());
      double need = b.minEvents(w);
      double events = events(sli, shrt.get(), w.shortWindow());
      if (events < need) {
        // too few requests: a single error would look like a fast burn
        quiet.add(
            Durations.format(w.longWindow())
                + "/"
                + Durations.format(w.shortWindow())
                + " ("
                + Numbers.format(events)
                + " requests in "
                + Durations.format(w.shortWindow())
                + ", "
                + Numbers.format(need)
                + " needed)");
        continue;
      }
      judged++;
      maxBurn = Math.max(maxBurn, Math.min(bl, bs));
      if (bl > w.factor() && bs > w.factor()) {
        Outcome o = w.page() ? Outcome.FAIL : Outcome.WARN;
        if (o.ordinal() > worst.ordinal()) {
          worst = o;
          worstText =
              "burn rate "
                  + Numbers.format(bl)
                  + " over "
                  + Durations.format(w.longWindow())
                  + " and "
                  + Numbers.format(bs)
                  + " over "
                  + Durations.format(w.shortWindow())
                  + " exceed "
                  + Numbers.format(w.factor())
                  + (w.fromShare()
                      ? " (" + StatisticalJudge.pct(w.budgetShare()) + " of the budget"
                      : " (")
                  + (w.fromShare() ? ", " : "")
                  + (w.page() ? "page" : "ticket")
                  + ")";
        }
      }
    }
    e.statistic(maxBurn);
    String notJudged =
        quiet.isEmpty() ? "" : "; not judged for low traffic: " + String.join(", ", quiet);
    if (!missing.isEmpty() && worst != Outcome.FAIL) {
      return Verdict.missing(
          "no counts for window(s) " + String.join(", ", missing) + notJudged, e.build());
    }
    if (worst == Outcome.PASS && judged == 0) {
      return Verdict.of(
          Outcome.INCONCLUSIVE,
          "too little traffic to judge any burn-rate window (minEvents)" + notJudged,
          e.build());
    }
    if (worst == Outcome.PASS) {
      return Verdict.of(
          Outcome.PASS,
          "no window pair burns faster than its factor (highest "
              + Numbers.format(maxBurn)
              + ")"
              + notJudged,
          e.build());
    }
    return Verdict.of(worst, worstText + notJudged, e.build());
  }

  private static double burnRate(Counts c, Budget b) {
    return ErrorBudget.burnRate(c.exactErrors(), c.exactTotal(), b.objective());
  }

  private static Verdict remaining(Budget b, SliObservation obs) {
    Optional<Counts> c = obs.window(b.window());
    Evidence.Builder e =
        new Evidence.Builder()
            .thresholds(
                "objective "
                    + Numbers.format(b.objective())
                    + " over "
                    + Durations.format(b.window())
                    + ", "
                    + Thresholds.describe(b.remainingPass().orElseThrow(), b.remainingWarn()));
    if (c.isEmpty() || c.get().exactTotal() == 0) {
      return Verdict.missing(
          "no counts for the SLO window " + Durations.format(b.window()), e.build());
    }
    double left = ErrorBudget.remaining(c.get().exactErrors(), c.get().exactTotal(), b.objective());
    e.value("remaining", left).samples(Durations.format(b.window()), c.get().exactTotal());
    Outcome o = Thresholds.classify(left, b.remainingPass().orElseThrow(), b.remainingWarn());
    return Verdict.of(
        o,
        Numbers.format(left * 100)
            + "% of the error budget left over "
            + Durations.format(b.window())
            + " "
            + Thresholds.explain(o, b.remainingPass().orElseThrow(), b.remainingWarn()),
        e.build());
  }

  private static String describe(Budget b, List<BurnWindow> windows) {
    List<String> parts = new ArrayList<>();
    for (BurnWindow w : windows) {
      parts.add(
          Durations.format(w.longWindow())
              + "/"
              + Durations.format(w.shortWindow())
              + " > "
              + Numbers.format(w.factor())
              + (w.fromShare()
                  ? " ("
                      + StatisticalJudge.pct(w.budgetShare())
                      + " of "
                      + Durations.format(b.window())
                      + ")"
                  : "")
              + " min "
              + Numbers.format(b.minEvents(w))
              + " requests");
    }
    return String.join(", ", parts);
  }
}

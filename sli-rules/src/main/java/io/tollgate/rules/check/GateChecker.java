package io.tollgate.rules.check;

import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Budget;
import io.tollgate.rules.model.Condition;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.RelativeMode;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.model.ValueKind;
import io.tollgate.rules.model.VsBaseline;
import io.tollgate.rules.model.VsHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Semantic checks of a well-formed gate: template variables the language does not define,
 * thresholds that can never hold, weights that make no sense, statistical criteria that do not fit
 * their SLI or have too few samples configured. Runs on parsed and imported gates alike.
 */
public final class GateChecker {
  private GateChecker() {}

  /** All issues of {@code gate}, sorted by position. */
  public static List<RuleIssue> check(Gate gate) {
    return check(gate, true);
  }

  /**
   * As {@link #check(Gate)}; when the gate is partial (parts were dropped for errors already
   * reported) gate-wide checks that would only repeat those errors are skipped.
   */
  public static List<RuleIssue> check(Gate gate, boolean complete) {
    return check(gate, complete, TemplateLocator.AT_SLI);
  }

  /**
   * As {@link #check(Gate, boolean)}, with {@code locator} placing template variable issues (the
   * parser points at the variable itself).
   */
  public static List<RuleIssue> check(Gate gate, boolean complete, TemplateLocator locator) {
    List<RuleIssue> out = new ArrayList<>();
    TemplateCheck.check(gate, locator, out);
    double totalWeight = 0;
    int objectives = 0;
    for (Sli sli : gate.slis()) {
      for (Objective o : sli.objectives()) {
        objectives++;
        totalWeight += o.weight();
        checkObjective(sli, o, out);
      }
    }
    if (!complete) {
      // the dropped parts were reported already
    } else if (objectives == 0) {
      out.add(
          RuleIssue.warning(
              gate.at(),
              "the gate has no criteria: every SLI is informational and the gate can only be"
                  + " INCONCLUSIVE"));
    } else if (totalWeight == 0) {
      out.add(
          RuleIssue.error(
              gate.at(),
              "every criterion has weight 0, so the score is undefined; give at least one a"
                  + " weight > 0"));
    }
    return out.stream().sorted(RuleIssue.BY_POSITION).toList();
  }

  private static void checkObjective(Sli sli, Objective o, List<RuleIssue> out) {
    ValueKind kind = sli.source().valueKind();
    if (o.key() && o.weight() == 0) {
      out.add(
          RuleIssue.warning(
              o.at(),
              "key criterion with weight 0: it can fail the gate but never adds to the score"));
    }
    var criterion = o.criterion();
    if (criterion instanceof Absolute a) {
      thresholds(o, "pass", a.pass(), out);
      a.warn().ifPresent(w -> thresholds(o, "warn", w, out));
      if (kind.fromCounts()) {
        ratioRange(o, a.pass(), out);
        a.warn().ifPresent(w -> ratioRange(o, w, out));
      }
      warnBand(o, a.pass(), a.warn(), out);
    } else if (criterion instanceof VsBaseline b) {
      relative(o, b.mode(), b.pass(), b.warn(), out);
    } else if (criterion instanceof VsHistory h) {
      relative(o, h.mode(), h.pass(), h.warn(), out);
      h.absolute()
          .ifPresent(
              a -> {
                thresholds(o, "absolute.pass", a.pass(), out);
                a.warn().ifPresent(w -> thresholds(o, "absolute.warn", w, out));
                if (kind.fromCounts()) {
                  ratioRange(o, a.pass(), out);
                  a.warn().ifPresent(w -> ratioRange(o, w, out));
                }
                warnBand(o, a.pass(), a.warn(), out);
              });
    } else if (criterion instanceof Statistical s) {
      statistical(sli, o, s, out);
    } else if (criterion instanceof Budget b) {
      if (!kind.fromCounts()) {
        out.add(
            RuleIssue.error(
                o.at(),
                "an error budget needs an SLI built from counts (traces error_ratio, prometheus"
                    + " errors/total or testrun pass_ratio); '"
                    + sli.name()
                    + "' is "
                    + kind.name().toLowerCase(java.util.Locale.ROOT)));
      }
      b.remainingPass().ifPresent(p -> thresholds(o, "remaining.pass", p, out));
    }
  }

  private static void relative(
      Objective o,
      RelativeMode mode,
      Condition pass,
      Optional<Condition> warn,
      List<RuleIssue> out) {
    thresholds(o, "pass", pass, out);
    warn.ifPresent(w -> thresholds(o, "warn", w, out));
    if (mode == RelativeMode.RATIO) {
      for (Condition c : warn.isPresent() ? List.of(pass, warn.get()) : List.of(pass)) {
        for (Condition.Bound b : c.bounds()) {
          if (b.limit() < 0) {
            out.add(
                RuleIssue.error(
                    o.at(),
                    "ratio threshold '"
                        + b
                        + "' is negative, but a ratio of two values is never negative (did you"
                        + " mean mode: delta?)"));
          }
        }
      }
    }
    warnBand(o, pass, warn, out);
  }

  private static void thresholds(Objective o, String which, Condition c, List<RuleIssue> out) {
    if (c.isUnsatisfiable()) {
      out.add(
          RuleIssue.error(
              o.at(), "impossible threshold: " + which + " condition '" + c + "' can never hold"));
    }
  }

  private static void ratioRange(Objective o, Condition c, List<RuleIssue> out) {
    for (Condition.Bound b : c.bounds()) {
      if (b.limit() < 0 || b.limit() > 1) {
        String hint =
            b.limit() > 1 && b.limit() <= 100
                ? " (did you mean " + Numbers.format(b.limit() / 100) + " for " + b + "%?)"
                : "";
        out.add(
            RuleIssue.error(
                o.at(), "threshold '" + b + "' is outside 0..1, but this SLI is a ratio" + hint));
      }
    }
  }

  /** A warn condition stricter than pass is never reached; only checked for single bounds. */
  private static void warnBand(
      Objective o, Condition pass, Optional<Condition> warn, List<RuleIssue> out) {
    if (warn.isEmpty() || pass.bounds().size() != 1 || warn.get().bounds().size() != 1) {
      return;
    }
    Condition.Bound p = pass.bounds().get(0);
    Condition.Bound w = warn.get().bounds().get(0);
    boolean upper = isUpper(p.op()) && isUpper(w.op());
    boolean lower = !isUpper(p.op()) && !isUpper(w.op());
    if ((upper && w.limit() < p.limit()) || (lower && w.limit() > p.limit())) {
      out.add(
          RuleIssue.warning(
              o.at(),
              "warn '"
                  + w
                  + "' is stricter than pass '"
                  + p
                  + "', so WARN can never happen; warn should be the looser limit"));
    }
  }

  private static boolean isUpper(Condition.Op op) {
    return op == Condition.Op.LT || op == Condition.Op.LE;
  }

  private static void statistical(Sli sli, Objective o, Statistical s, List<RuleIssue> out) {
    ValueKind kind = sli.source().valueKind();
    boolean proportion =
        s.test() == Statistical.Test.TWO_PROPORTION
            || s.test() == Statistical.Test.SEQUENTIAL_PROPORTION;
    String test = s.test().name().toLowerCase(java.util.Locale.ROOT);
    if (proportion && !kind.fromCounts()) {
      out.add(
          RuleIssue.error(
              o.at(),
              test
                  + " needs an SLI built from counts; '"
                  + sli.name()
                  + "' is a "
                  + kind.name().toLowerCase(java.util.Locale.ROOT)
                  + " (did you mean test: mann_whitney?)"));
    }
    if (!proportion && kind.fromCounts()) {
      out.add(
          RuleIssue.error(
              o.at(),
              test
                  + " needs samples or a distribution; '"
                  + sli.name()
                  + "' is built from counts (did you mean test: two_proportion?)"));
    }
    if (!s.test().anytimeValid()) {
      String instead = proportion ? "sequential_proportion" : "sequential_quantile";
      out.add(
          RuleIssue.warning(
              o.at(),
              test
                  + " is a fixed-sample test: in a continuous evaluation it is judged once, at the"
                  + " final look (re-judging it at every look would fail healthy canaries far more"
                  + " often than its confidence says); use test: "
                  + instead
                  + " to decide early with an anytime-valid test"));
    }
    long needed =
        switch (s.test()) {
          case MANN_WHITNEY -> 20;
          case TWO_PROPORTION -> 100;
          case SEQUENTIAL_PROPORTION, SEQUENTIAL_QUANTILE -> 1;
          case QUANTILE -> (long) Math.ceil(10 / (1 - s.quantile()) - 1e-9);
        };
    if (s.minSamples() < needed) {
      out.add(
          RuleIssue.error(
              o.at(),
              "minSamples "
                  + s.minSamples()
                  + " is too few for "
                  + (s.test() == Statistical.Test.QUANTILE
                      ? "a test of the " + Numbers.format(s.quantile()) + " quantile"
                      : test)
                  + ": its approximation needs at least "
                  + needed
                  + " per side; set minSamples: "
                  + needed
                  + " or more"));
    }
  }
}

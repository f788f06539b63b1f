package io.tollgate.rules.eval;

import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Budget;
import io.tollgate.rules.model.Criterion;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.MissingData;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.model.VsBaseline;
import io.tollgate.rules.model.VsHistory;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.observation.SliObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Evaluates a gate on observations. Pure: the same inputs always give the same result, nothing is
 * read from the clock or the outside world.
 *
 * <pre>{@code
 * GateResult r = Judge.evaluate(gate, observations);
 * if (r.outcome() == Outcome.FAIL) {
 *   System.out.println(r.reason());
 * }
 * }</pre>
 *
 * <p>Missing data follows the SLI's {@code onMissingData}, else the gate's (default INCONCLUSIVE);
 * a failed source is ERROR. Nothing passes for lack of data.
 */
public final class Judge {
  private Judge() {}

  /** Judges every SLI of {@code gate} and scores the gate. */
  public static GateResult evaluate(Gate gate, Observations observations) {
    List<SliResult> slis = new ArrayList<>(gate.slis().size());
    for (Sli sli : gate.slis()) {
      slis.add(evaluate(gate, sli, observations.of(sli.name()).orElse(SliObservation.EMPTY)));
    }
    return Scorer.score(gate, slis);
  }

  private static SliResult evaluate(Gate gate, Sli sli, SliObservation obs) {
    MissingData policy = sli.onMissingData().orElse(gate.onMissingData());
    List<CriterionResult> results = new ArrayList<>(sli.objectives().size());
    for (Objective o : sli.objectives()) {
      Verdict v;
      if (obs.error().isPresent()) {
        v = Verdict.error("source failed: " + obs.error().get());
      } else {
        try {
          v = judge(sli, o.criterion(), obs);
        } catch (RuntimeException e) {
          // inconsistent observations (e.g. histograms with different bounds) are an error, not a
          // pass
          v = Verdict.error("cannot evaluate: " + e.getMessage());
        }
      }
      results.add(applyPolicy(o, v, policy));
    }
    OptionalDouble value =
        obs.subject().map(m -> SliValue.of(sli.source(), m)).orElse(OptionalDouble.empty());
    return summarize(sli, value, results);
  }

  private static Verdict judge(Sli sli, Criterion c, SliObservation obs) {
    if (c instanceof Absolute a) {
      return AbsoluteJudge.judge(sli, a, obs);
    } else if (c instanceof VsBaseline b) {
      return BaselineJudge.judge(sli, b, obs);
    } else if (c instanceof VsHistory h) {
      return HistoryJudge.judge(sli, h, obs);
    } else if (c instanceof Statistical s) {
      return StatisticalJudge.judge(sli, s, obs);
    } else {
      return BudgetJudge.judge(sli, (Budget) c, obs);
    }
  }

  private static CriterionResult applyPolicy(Objective o, Verdict v, MissingData policy) {
    String kind = o.criterion().kind();
    if (!v.missingData()) {
      return new CriterionResult(
          kind, v.outcome(), v.reason(), v.evidence(), o.weight(), o.key(), false, o.at());
    }
    String reason =
        v.reason() + " (onMissingData: " + policy.name().toLowerCase(java.util.Locale.ROOT) + ")";
    return switch (policy) {
      case FAIL ->
          new CriterionResult(
              kind, Outcome.FAIL, reason, v.evidence(), o.weight(), o.key(), false, o.at());
      case WARN ->
          new CriterionResult(
              kind, Outcome.WARN, reason, v.evidence(), o.weight(), o.key(), false, o.at());
      case IGNORE ->
          new CriterionResult(
              kind, Outcome.INCONCLUSIVE, reason, v.evidence(), o.weight(), o.key(), true, o.at());
      case INCONCLUSIVE ->
          new CriterionResult(
              kind, Outcome.INCONCLUSIVE, reason, v.evidence(), o.weight(), o.key(), false, o.at());
    };
  }

  private static SliResult summarize(Sli sli, OptionalDouble value, List<CriterionResult> results) {
    Outcome worst = null;
    CriterionResult worstResult = null;
    for (CriterionResult r : results) {
      if (!r.ignored() && (worst == null || r.outcome().ordinal() > worst.ordinal())) {
        worst = r.outcome();
        worstResult = r;
      }
    }
    if (worstResult == null) {
      String why =
          results.isEmpty()
              ? "informational: no criteria"
              : "all criteria ignored for missing data";
      return new SliResult(sli.name(), Outcome.INCONCLUSIVE, why, value, results);
    }
    return new SliResult(
        sli.name(), worst, worstResult.kind() + ": " + worstResult.reason(), value, results);
  }
}

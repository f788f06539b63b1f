package io.tollgate.rules.eval;

import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Budget;
import io.tollgate.rules.model.Criterion;
import io.tollgate.rules.model.ErrorControl;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.MissingData;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.model.VsBaseline;
import io.tollgate.rules.model.VsHistory;
import io.tollgate.rules.observation.Look;
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
 *
 * <p>Anytime-valid criteria share the gate's false-fail rate ({@code spec.errorControl}, see {@link
 * #failAlpha}); at an {@link Look#INTERIM} look fixed-sample tests wait for the final look; when
 * the observations say which canary share the rollout asked for, a sample-ratio mismatch makes a
 * passing gate INCONCLUSIVE ({@link GateResult#sampleRatio()}).
 */
public final class Judge {
  private Judge() {}

  /** Judges every SLI of {@code gate} and scores the gate. */
  public static GateResult evaluate(Gate gate, Observations observations) {
    return evaluate(gate, observations, JudgeOptions.DEFAULT);
  }

  /** As {@link #evaluate(Gate, Observations)}, computing what {@code options} ask for too. */
  public static GateResult evaluate(Gate gate, Observations observations, JudgeOptions options) {
    double weights = anytimeValidWeight(gate);
    List<SliResult> slis = new ArrayList<>(gate.slis().size());
    for (Sli sli : gate.slis()) {
      slis.add(
          evaluate(
              gate,
              sli,
              observations.of(sli.name()).orElse(SliObservation.EMPTY),
              weights,
              observations.look(),
              options));
    }
    return SampleRatioCheck.apply(Scorer.score(gate, slis), gate, observations);
  }

  /**
   * The level at which statistical criterion {@code s} of {@code sli} fails: {@code 1 -
   * confidence}, split by Bonferroni across the gate's anytime-valid criteria (those that can fail
   * the gate: key or weight above 0) in proportion to their SLIs' {@code errorControl} weights. A
   * sequential test fails when its e-value reaches {@code 1 / failAlpha}; fixed-sample tests, and
   * every test with {@code errorControl: none}, keep {@code 1 - confidence}.
   */
  public static double failAlpha(Gate gate, Sli sli, Statistical s) {
    return failAlpha(gate, sli, s, anytimeValidWeight(gate));
  }

  private static double failAlpha(Gate gate, Sli sli, Statistical s, double total) {
    double alpha = 1 - s.confidence();
    if (!s.test().anytimeValid()
        || gate.errorControl().method() == ErrorControl.Method.NONE
        || total <= 0) {
      return alpha;
    }
    return alpha * Math.min(1, gate.errorControl().weight(sli.name()) / total);
  }

  /** Σ of the errorControl weights of the gate's anytime-valid criteria (one term each). */
  private static double anytimeValidWeight(Gate gate) {
    double total = 0;
    for (Sli sli : gate.slis()) {
      for (Objective o : sli.objectives()) {
        if (o.criterion() instanceof Statistical s
            && s.test().anytimeValid()
            && (o.key() || o.weight() > 0)) {
          total += gate.errorControl().weight(sli.name());
        }
      }
    }
    return total;
  }

  private static SliResult evaluate(
      Gate gate, Sli sli, SliObservation obs, double weights, Look look, JudgeOptions options) {
    MissingData policy = sli.onMissingData().orElse(gate.onMissingData());
    List<CriterionResult> results = new ArrayList<>(sli.objectives().size());
    for (Objective o : sli.objectives()) {
      Verdict v;
      if (obs.error().isPresent()) {
        v = Verdict.error("source failed: " + obs.error().get());
      } else {
        try {
          v = judge(gate, sli, o.criterion(), obs, weights, look, options);
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

  private static Verdict judge(
      Gate gate,
      Sli sli,
      Criterion c,
      SliObservation obs,
      double weights,
      Look look,
      JudgeOptions options) {
    if (c instanceof Absolute a) {
      return AbsoluteJudge.judge(sli, a, obs);
    } else if (c instanceof VsBaseline b) {
      return BaselineJudge.judge(sli, b, obs);
    } else if (c instanceof VsHistory h) {
      return HistoryJudge.judge(sli, h, obs);
    } else if (c instanceof Statistical s) {
      return StatisticalJudge.judge(sli, s, obs, failAlpha(gate, sli, s, weights), look, options);
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

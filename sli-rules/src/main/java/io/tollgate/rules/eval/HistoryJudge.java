package io.tollgate.rules.eval;

import io.tollgate.rules.model.HistoryAggregate;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.VsHistory;
import io.tollgate.rules.observation.HistoryRun;
import io.tollgate.rules.observation.SliObservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.hipparchus.stat.descriptive.rank.Percentile;

/**
 * Judges the current run against past runs: pinned runs always count, excluded runs never, then the
 * newest runs (optionally only those with a given outcome) up to {@code runs}.
 */
final class HistoryJudge {
  private HistoryJudge() {}

  static Verdict judge(Sli sli, VsHistory h, SliObservation obs) {
    Verdict relative = relative(sli, h, obs);
    if (h.absolute().isEmpty()) {
      return relative;
    }
    Verdict absolute = AbsoluteJudge.judge(sli, h.absolute().get(), obs);
    if (absolute.outcome() == Outcome.FAIL) {
      // a value over the fixed limit fails whatever the history says, or whether there is any
      return absolute;
    }
    if (relative.missingData() || absolute.missingData()) {
      return relative.missingData() ? relative : absolute;
    }
    Outcome worse = relative.outcome().worse(absolute.outcome());
    Verdict lead = worse == relative.outcome() ? relative : absolute;
    return new Verdict(worse, relative.reason() + "; " + absolute.reason(), lead.evidence(), false);
  }

  private static Verdict relative(Sli sli, VsHistory h, SliObservation obs) {
    OptionalDouble current =
        obs.subject().map(m -> SliValue.of(sli.source(), m)).orElse(OptionalDouble.empty());
    List<HistoryRun> used = select(h, obs.history());
    if (current.isEmpty()) {
      return Verdict.missing("no value for the current run");
    }
    if (used.size() < h.minRuns()) {
      Evidence e =
          new Evidence.Builder()
              .samples("history", used.size())
              .needed(h.minRuns() - used.size())
              .build();
      return Verdict.missing(
          used.size() + " usable past runs, " + h.minRuns() + " needed (minRuns)", e);
    }
    double[] values = used.stream().mapToDouble(HistoryRun::value).toArray();
    double reference = aggregate(h.aggregate(), values);
    Evidence.Builder e = new Evidence.Builder().samples("history", values.length);
    return Relative.judge(
        obs.subjectName(),
        current.getAsDouble(),
        "history " + h.aggregate(),
        reference,
        h.mode(),
        h.pass(),
        h.warn(),
        h.minAbsoluteDelta(),
        e);
  }

  static List<HistoryRun> select(VsHistory h, List<HistoryRun> history) {
    List<HistoryRun> out = new ArrayList<>();
    for (HistoryRun r : history) {
      if (r.pinned() && Double.isFinite(r.value())) {
        out.add(r);
      }
    }
    for (HistoryRun r : history) {
      if (out.size() >= Math.max(h.runs(), countPinned(out))) {
        break;
      }
      boolean outcomeOk = h.onlyOutcome().map(o -> o == r.outcome()).orElse(true);
      if (!r.pinned() && !r.excluded() && outcomeOk && Double.isFinite(r.value())) {
        out.add(r);
      }
    }
    return out;
  }

  private static int countPinned(List<HistoryRun> runs) {
    return (int) runs.stream().filter(HistoryRun::pinned).count();
  }

  static double aggregate(HistoryAggregate a, double[] values) {
    return switch (a.kind()) {
      case AVG -> Arrays.stream(values).average().orElse(Double.NaN);
      case MEDIAN -> new Percentile(50).evaluate(values);
      case PERCENTILE -> new Percentile(a.percentile()).evaluate(values);
    };
  }
}

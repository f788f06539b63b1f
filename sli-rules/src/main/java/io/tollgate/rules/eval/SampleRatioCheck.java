package io.tollgate.rules.eval;

import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.observation.ExpectedShare;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.stats.SampleRatioTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the sample-ratio check on the requests of the gate's SLI with the most canary + baseline
 * requests (SLIs over the same traffic are not independent checks, so one is checked) and applies
 * it: a mismatch turns PASS and WARN into INCONCLUSIVE and is noted on any other outcome; it never
 * makes a FAIL.
 */
final class SampleRatioCheck {
  private SampleRatioCheck() {}

  static GateResult apply(GateResult result, Gate gate, Observations observations) {
    Optional<SampleRatio> check = check(gate, observations);
    if (check.isEmpty()) {
      return result;
    }
    SampleRatio s = check.get();
    Outcome outcome = result.outcome();
    String reason = result.reason();
    if (s.mismatch()) {
      if (outcome == Outcome.PASS || outcome == Outcome.WARN) {
        reason =
            "sample ratio mismatch, canary and baseline did not see comparable traffic: "
                + s.describe()
                + "; the gate would have been "
                + outcome
                + " ("
                + reason
                + ")";
        outcome = Outcome.INCONCLUSIVE;
      } else {
        reason = reason + "; also " + s.describe();
      }
    }
    return new GateResult(result.gate(), outcome, result.score(), reason, result.slis(), check);
  }

  static Optional<SampleRatio> check(Gate gate, Observations observations) {
    if (observations.expectedShares().isEmpty()) {
      return Optional.empty();
    }
    Sli best = null;
    long bestRequests = 0;
    for (Sli sli : gate.slis()) {
      SliObservation o = observations.of(sli.name()).orElse(SliObservation.EMPTY);
      if (o.canary().isPresent() && o.baseline().isPresent()) {
        double n = requests(whole(o.canary().get())) + requests(whole(o.baseline().get()));
        if (n > bestRequests) {
          best = sli;
          bestRequests = (long) n;
        }
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    SliObservation o = observations.of(best.name()).orElseThrow();
    Measurement canary = o.canary().get();
    Measurement baseline = o.baseline().get();
    boolean whole = canary.intervals().isEmpty() || baseline.intervals().isEmpty();
    List<Interval> ci = whole ? List.of(whole(canary)) : canary.intervals();
    List<Interval> bi = whole ? List.of(whole(baseline)) : baseline.intervals();
    int size = ci.size();
    long[] c = new long[size];
    long[] t = new long[size];
    double[] expected = new double[size];
    int n = 0;
    int j = 0;
    for (Interval i : ci) {
      while (j < bi.size() && bi.get(j).start().isBefore(i.start())) {
        j++;
      }
      if (j == bi.size()) {
        break;
      }
      if (!bi.get(j).start().equals(i.start())) {
        continue;
      }
      // totals without times can only be held against a single, constant expected share
      Optional<Double> share =
          whole
              ? (observations.expectedShares().size() == 1
                  ? Optional.of(observations.expectedShares().get(0).canaryShare())
                  : Optional.empty())
              : shareAt(observations.expectedShares(), i.start());
      long cr = requests(i);
      long total = cr + requests(bi.get(j));
      if (share.isPresent() && total > 0) {
        c[n] = cr;
        t[n] = total;
        expected[n] = share.get();
        n++;
      }
      j++;
    }
    if (n == 0) {
      return Optional.empty();
    }
    SampleRatioTest.Result r = SampleRatioTest.test(c, t, expected, n);
    double threshold = 1 / SampleRatio.LEVEL;
    boolean mismatch =
        r.eValue() >= threshold
            && Math.abs(r.observedShare() / r.expectedShare() - 1)
                >= SampleRatio.MIN_RELATIVE_DEVIATION;
    return Optional.of(
        new SampleRatio(
            best.name(),
            r.observedShare(),
            r.expectedShare(),
            r.eValue(),
            threshold,
            r.canary(),
            r.total(),
            mismatch));
  }

  /** The share in effect at {@code start}: the last one that took effect at or before it. */
  private static Optional<Double> shareAt(List<ExpectedShare> schedule, Instant start) {
    Double share = null;
    for (ExpectedShare s : schedule) {
      if (!s.from().isAfter(start)) {
        share = s.canaryShare();
      }
    }
    return Optional.ofNullable(share);
  }

  private static Interval whole(Measurement m) {
    return new Interval(Instant.EPOCH, m.counts(), m.distribution());
  }

  /** Requests in an interval: its count, else the number of latency values. */
  private static long requests(Interval i) {
    if (i.counts().isPresent()) {
      return i.counts().get().total();
    }
    return i.distribution().map(d -> Math.round(d.count())).orElse(0L);
  }
}

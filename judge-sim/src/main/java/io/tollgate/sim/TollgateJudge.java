package io.tollgate.sim;

import io.tollgate.rules.eval.GateResult;
import io.tollgate.rules.eval.Judge;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.observation.ExpectedShare;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Look;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.observation.Sketch;
import io.tollgate.rules.observation.SliObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real {@link Judge} as a continuous evaluation would call it: after every interval, on every
 * interval so far (one {@link Interval} per side per interval, counts for error ratios and a sketch
 * for latency), at {@link Look#INTERIM} and at {@link Look#FINAL} after the last interval, with the
 * rollout's expected canary shares.
 */
final class TollgateJudge implements RunJudge {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Scenario scenario;
  private final SimGate gate;
  private final List<ExpectedShare> expected;
  private final List<List<Interval>> canary = new ArrayList<>();
  private final List<List<Interval>> baseline = new ArrayList<>();
  private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
  private String failedBy;

  TollgateJudge(Scenario scenario, SimGate gate) {
    this.scenario = scenario;
    this.gate = gate;
    this.expected = expectedShares(scenario);
    for (int i = 0; i < gate.slis().size(); i++) {
      canary.add(new ArrayList<>());
      baseline.add(new ArrayList<>());
    }
  }

  static List<ExpectedShare> expectedShares(Scenario s) {
    List<ExpectedShare> out = new ArrayList<>();
    for (Scenario.Step step : s.canaryShare().steps()) {
      out.add(new ExpectedShare(start(s, step.from()), step.value()));
    }
    return out;
  }

  static Instant start(Scenario s, int k) {
    return START.plus(s.interval().multipliedBy(k));
  }

  @Override
  public String name() {
    return null;
  }

  /** How often each gate outcome was seen at a look (for the detail line). */
  Map<Outcome, Integer> outcomes() {
    return outcomes;
  }

  /**
   * What failed the gate, shortened to the SLI and criterion kind ("error_rate/statistical") or
   * "score" when the score did; null when it did not fail.
   */
  String failedBy() {
    return failedBy;
  }

  static String shortReason(String reason) {
    String key = "key criterion failed: ";
    if (reason.startsWith(key)) {
      String rest = reason.substring(key.length());
      int colon = rest.indexOf(':');
      return (colon < 0 ? rest : rest.substring(0, colon)).replace(' ', '/');
    }
    return "score";
  }

  @Override
  public RunOutcome.Decision look(int k, boolean last, List<List<SideInterval[]>> streams) {
    Instant at = start(scenario, k);
    Map<String, SliObservation> obs = new LinkedHashMap<>();
    for (int i = 0; i < gate.slis().size(); i++) {
      SimGate.SimSli s = gate.slis().get(i);
      SideInterval[] now = streams.get(s.stream()).get(k);
      canary.get(i).add(interval(s, at, now[0]));
      baseline.get(i).add(interval(s, at, now[1]));
      obs.put(
          s.name(),
          SliObservation.canaryVsBaseline(
              Measurement.ofIntervals(canary.get(i)), Measurement.ofIntervals(baseline.get(i))));
    }
    GateResult r =
        Judge.evaluate(
            gate.gate(), new Observations(obs, last ? Look.FINAL : Look.INTERIM, expected));
    Outcome o = r.outcome();
    outcomes.merge(o, 1, Integer::sum);
    if (o == Outcome.FAIL) {
      failedBy = shortReason(r.reason());
    }
    return switch (o) {
      case FAIL -> RunOutcome.Decision.FAIL;
      case PASS -> RunOutcome.Decision.PASS;
      default -> RunOutcome.Decision.OPEN;
    };
  }

  private static Interval interval(SimGate.SimSli s, Instant at, SideInterval side) {
    return s.feed() == SimGate.Feed.COUNTS
        ? Interval.ofCounts(at, side.requests(), side.errors())
        : Interval.ofDistribution(at, new Sketch(side.latency()));
  }
}

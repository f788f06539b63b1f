package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.testrun.TestRunRow;
import io.tollgate.rules.model.Budget;
import io.tollgate.rules.model.BurnWindow;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.VsHistory;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.HistoryRun;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.observation.WindowCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One SLI's view of an evaluation step, as every {@link ObservationSource} receives it.
 *
 * @param gate the gate being judged
 * @param request what the pipeline asked
 * @param from window start
 * @param to window end (exclusive)
 * @param sides canary, baseline and target selectors
 * @param history earlier values of an SLI, loaded on first use
 * @param runs the request's test runs, loaded once per step
 * @param runsError why the test runs could not be loaded, or null
 * @param deadline when the step must be done by
 * @param asked where a source records what it asked, per side, for the decision's evidence
 */
record ObservationContext(
    Gate gate,
    EvaluationRequest request,
    Instant from,
    Instant to,
    Sides sides,
    ObservationBuilder.HistoryLookup history,
    List<TestRunRow> runs,
    @Nullable String runsError,
    Deadline deadline,
    Map<String, String> asked) {

  /** The selectors of a step; {@code canaryAnalysis} when both canary and baseline are given. */
  record Sides(Side canary, Side baseline, Side target, boolean canaryAnalysis) {
    static Sides of(EvaluationRequest r) {
      return new Sides(
          new Side(Side.CANARY, r.canaryOrEmpty()),
          new Side(Side.BASELINE, r.baselineOrEmpty()),
          new Side(Side.TARGET, r.targetOrEmpty()),
          !r.canaryOrEmpty().isEmpty() && !r.baselineOrEmpty().isEmpty());
    }
  }

  /** Gate variables, then request variables, then the side's labels. */
  Map<String, String> variables(Side side) {
    return side.variables(
        gate.variables(), request.variables() == null ? Map.of() : request.variables());
  }

  /** The shortest interval a source reports per-interval values for. */
  static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  /** At most this many intervals per window: longer windows get longer intervals. */
  static final int MAX_INTERVALS = 720;

  /**
   * The interval a query source reports values for: a continuous evaluation's interval, else one
   * minute (as ingest's aggregates), never shorter than a minute (a rate over less than a minute
   * misses scrapes), and lengthened to whole minutes so a window has at most {@link
   * #MAX_INTERVALS}.
   */
  Duration interval() {
    Duration d = MIN_INTERVAL;
    if (request.continuous() != null && request.continuous().interval() != null) {
      try {
        d = Durations.parse(request.continuous().interval(), "interval");
      } catch (IllegalArgumentException e) {
        // the request was validated when accepted; a minute is the safe reading
      }
    }
    d = d.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : d;
    Duration window = Duration.between(from, to);
    long minutes = (window.toMinutes() + MAX_INTERVALS - 1) / MAX_INTERVALS;
    Duration atLeast = Duration.ofMinutes(Math.max(1, minutes));
    return d.compareTo(atLeast) < 0 ? atLeast : d;
  }

  /** The same step over another window (budget windows end where the step's window ends). */
  ObservationContext window(Instant start, Instant end) {
    return new ObservationContext(
        gate, request, start, end, sides, history, runs, runsError, deadline, asked);
  }

  /** Counts over some window ending at the step's end. */
  interface WindowReader {
    Optional<Counts> counts(Duration window) throws SourceException;
  }

  /** Canary against baseline, with history where a criterion asks for it. */
  SliObservation pair(Sli sli, Optional<Measurement> canary, Optional<Measurement> baseline) {
    return new SliObservation(
        canary, baseline, Optional.empty(), historyOf(sli), List.of(), Optional.empty());
  }

  /** One side's measurement, with history and budget windows where criteria ask for them. */
  SliObservation single(Sli sli, Optional<Measurement> current, List<WindowCounts> windows) {
    return new SliObservation(
        Optional.empty(), Optional.empty(), current, historyOf(sli), windows, Optional.empty());
  }

  /** Counts over each window a budget criterion of this SLI needs, ending at the window end. */
  List<WindowCounts> budgetWindows(Sli sli, WindowReader reader) throws SourceException {
    TreeSet<Duration> windows = new TreeSet<>();
    for (Objective o : sli.objectives()) {
      if (o.criterion() instanceof Budget b) {
        if (b.mode() == Budget.Mode.REMAINING) {
          windows.add(b.window());
        }
        for (BurnWindow w : b.burnWindows()) {
          windows.add(w.longWindow());
          windows.add(w.shortWindow());
        }
      }
    }
    List<WindowCounts> out = new ArrayList<>();
    for (Duration w : windows) {
      out.add(new WindowCounts(w, reader.counts(w).orElse(new Counts(0, 0))));
    }
    return out;
  }

  /** History only for SLIs that judge against it: it costs a query and parsing old decisions. */
  List<HistoryRun> historyOf(Sli sli) {
    boolean wanted = sli.objectives().stream().anyMatch(o -> o.criterion() instanceof VsHistory);
    return wanted ? history.of(sli.name()) : List.of();
  }
}

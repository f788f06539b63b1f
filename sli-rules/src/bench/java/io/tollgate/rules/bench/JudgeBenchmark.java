package io.tollgate.rules.bench;

import io.tollgate.rules.eval.GateResult;
import io.tollgate.rules.eval.Judge;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Look;
import io.tollgate.rules.observation.Observations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Evaluating a 20-SLI gate with 10,000 samples per side per SLI (60 criteria: 20 baseline ratios,
 * 20 Mann-Whitney tests, 20 p99 comparisons), as the service observes it: 60 one-minute intervals
 * per side, each a sketch. Sample mode, so JMH reports the median (p0.50).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JudgeBenchmark {
  Gate gate;
  double[][] raw;
  Observations samples;
  Observations sketches;
  Map<String, List<Interval>[]> intervals;
  Observations intervalsFinal;
  Observations intervalsInterim;

  @Setup
  public void setup() {
    gate = BenchGates.gate();
    raw = BenchGates.raw(42);
    samples = BenchGates.samples(raw);
    sketches = BenchGates.sketches(raw);
    intervals = BenchGates.intervals(raw);
    intervalsFinal = BenchGates.ofIntervals(intervals, Look.FINAL);
    intervalsInterim = BenchGates.ofIntervals(intervals, Look.INTERIM);
    // the inputs must exercise the tests, not stop at "too few samples"
    for (Observations o : List.of(samples, intervalsFinal)) {
      GateResult r = Judge.evaluate(gate, o);
      if (r.slis().get(0).criteria().get(1).evidence().pValue().isEmpty()) {
        throw new IllegalStateException("benchmark gate did not run its tests: " + r.reason());
      }
    }
  }

  /** 60 one-minute sketches per side per SLI, merged when the observations were built; final look. */
  @Benchmark
  public GateResult evaluateIntervals() {
    return Judge.evaluate(gate, intervalsFinal);
  }

  /** The same at an interim look of a continuous evaluation. */
  @Benchmark
  public GateResult evaluateIntervalsInterim() {
    return Judge.evaluate(gate, intervalsInterim);
  }

  /**
   * One look as the service takes it: building the observations from the stored intervals
   * (merging 60 sketches per side per SLI) and evaluating at the final look.
   */
  @Benchmark
  public GateResult buildAndEvaluateIntervals() {
    return Judge.evaluate(gate, BenchGates.ofIntervals(intervals, Look.FINAL));
  }

  /** Raw samples, already sorted when the observations were built. */
  @Benchmark
  public GateResult evaluateSamples() {
    return Judge.evaluate(gate, samples);
  }

  /** DDSketches (1% relative accuracy), as ingest stores latency. */
  @Benchmark
  public GateResult evaluateSketches() {
    return Judge.evaluate(gate, sketches);
  }

  /** Building the observations from unsorted arrays (copy + sort) and then evaluating. */
  @Benchmark
  public GateResult buildAndEvaluateSamples() {
    return Judge.evaluate(gate, BenchGates.samples(raw));
  }
}

package io.tollgate.rules.bench;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Look;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.observation.Samples;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.observation.Sketch;
import io.tollgate.rules.parse.GateParser;
import io.tollgate.rules.parse.ParseResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark's inputs: a 20-SLI latency gate and 10,000 samples per side per SLI, whole or in 60
 * one-minute intervals.
 */
final class BenchGates {
  static final int SLIS = 20;
  static final int SAMPLES = 10_000;
  static final int INTERVALS = 60;
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private BenchGates() {}

  /** 20 latency SLIs, each judged by a baseline ratio, Mann-Whitney U and a p99 comparison. */
  static Gate gate() {
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: tollgate.io/v1\nkind: Gate\nmetadata: {name: bench}\nspec:\n  slis:\n");
    for (int i = 0; i < SLIS; i++) {
      y.append("    - name: latency_").append(i).append('\n')
          .append("      unit: ms\n")
          .append("      source: {traces: {service: $service, operation: op").append(i)
          .append(", measure: latency, quantile: 0.99}}\n")
          .append("      criteria:\n")
          .append("        - vsBaseline: {mode: ratio, pass: \"<= 1.1\", warn: \"<= 1.25\"}\n")
          .append("        - statistical: {test: mann_whitney, minSamples: 1000, minEffect: 0.05}\n")
          .append("          key: true\n")
          .append("        - statistical: {test: quantile, quantile: 0.99, minSamples: 2000}\n");
    }
    ParseResult r = GateParser.parse("bench.yaml", y.toString());
    if (!r.ok()) {
      throw new IllegalStateException(r.issues().toString());
    }
    return r.gate().get();
  }

  /** Log-normal latencies in ms, rounded to 0.1 ms (as spans report them); canary 3% slower. */
  static double[][] raw(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] out = new double[SLIS * 2][SAMPLES];
    for (int s = 0; s < SLIS * 2; s++) {
      double mu = Math.log(80) + (s % 2 == 0 ? Math.log(1.03) : 0);
      for (int i = 0; i < SAMPLES; i++) {
        out[s][i] = Math.round(Math.exp(mu + 0.6 * gaussian(rng)) * 10) / 10.0;
      }
    }
    return out;
  }

  static Observations samples(double[][] raw) {
    Map<String, SliObservation> m = new LinkedHashMap<>();
    for (int i = 0; i < SLIS; i++) {
      m.put(
          "latency_" + i,
          SliObservation.canaryVsBaseline(
              Measurement.ofDistribution(new Samples(raw[2 * i])),
              Measurement.ofDistribution(new Samples(raw[2 * i + 1]))));
    }
    return Observations.of(m);
  }

  static Observations sketches(double[][] raw) {
    Map<String, SliObservation> m = new LinkedHashMap<>();
    for (int i = 0; i < SLIS; i++) {
      m.put(
          "latency_" + i,
          SliObservation.canaryVsBaseline(
              Measurement.ofDistribution(sketch(raw[2 * i])),
              Measurement.ofDistribution(sketch(raw[2 * i + 1]))));
    }
    return Observations.of(m);
  }

  /**
   * Per SLI and side, 60 one-minute intervals of about 167 samples each, every one a sketch
   * configured as ingest stores them (DDSketch, 1 % relative accuracy, at most 2048 bins, lowest
   * collapse first: {@code io.tollgate.telemetry.aggregate.Sketches}, which sli-rules may not depend
   * on).
   */
  static Map<String, List<Interval>[]> intervals(double[][] raw) {
    Map<String, List<Interval>[]> m = new LinkedHashMap<>();
    for (int i = 0; i < SLIS; i++) {
      @SuppressWarnings("unchecked")
      List<Interval>[] sides = new List[] {split(raw[2 * i]), split(raw[2 * i + 1])};
      m.put("latency_" + i, sides);
    }
    return m;
  }

  /** Observations of the intervals: merging each side's sketches is part of building them. */
  static Observations ofIntervals(Map<String, List<Interval>[]> intervals, Look look) {
    Map<String, SliObservation> m = new LinkedHashMap<>();
    intervals.forEach(
        (name, sides) ->
            m.put(
                name,
                SliObservation.canaryVsBaseline(
                    Measurement.ofIntervals(sides[0]), Measurement.ofIntervals(sides[1]))));
    return new Observations(m, look, List.of());
  }

  private static List<Interval> split(double[] values) {
    List<Interval> out = new ArrayList<>(INTERVALS);
    for (int k = 0; k < INTERVALS; k++) {
      DDSketch s = DDSketches.logarithmicCollapsingLowestDense(0.01, 2048);
      for (int j = k * values.length / INTERVALS; j < (k + 1) * values.length / INTERVALS; j++) {
        s.accept(values[j]);
      }
      out.add(Interval.ofDistribution(START.plus(Duration.ofMinutes(k)), new Sketch(s)));
    }
    return out;
  }

  private static Sketch sketch(double[] values) {
    DDSketch s = DDSketches.unboundedDense(0.01);
    for (double v : values) {
      s.accept(v);
    }
    return new Sketch(s);
  }

  private static double gaussian(SplittableRandom rng) {
    double u = rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}

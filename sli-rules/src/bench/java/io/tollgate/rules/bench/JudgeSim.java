package io.tollgate.rules.bench;

import io.tollgate.rules.eval.Judge;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.parse.GateParser;
import java.util.Arrays;
import java.util.Map;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.hipparchus.stat.inference.MannWhitneyUTest;

/**
 * Simulates canary analysis on Bernoulli traffic and reports the false-fail rate and detection
 * speed of the sequential error-rate criterion, judged by the real {@link Judge} on cumulative
 * counts every {@code step} canary requests, and, on the same traffic, how many one-minute points
 * a Mann-Whitney test on per-minute error rates (Kayenta's judge) needs for 80% power.
 *
 * <p>Arguments (all optional): runs, step, horizon, baseRate, requestsPerMinute, seed,
 * budgetSeconds.
 */
public final class JudgeSim {
  private JudgeSim() {}

  static final String GATE =
      "apiVersion: tollgate.io/v1\nkind: Gate\nmetadata: {name: sim}\nspec:\n  slis:\n"
          + "    - name: error_rate\n"
          + "      source: {traces: {service: $service, measure: error_ratio}}\n"
          + "      criteria:\n"
          + "        - statistical: {test: sequential_proportion, maxSamples: MAX}\n"
          + "          key: true\n";

  public static void main(String[] args) {
    int runs = arg(args, 0, 2000);
    int step = arg(args, 1, 100);
    int horizon = arg(args, 2, 20_000);
    double base = args.length > 3 ? Double.parseDouble(args[3]) : 0.01;
    int perMinute = arg(args, 4, 100);
    long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
    long budgetNanos = arg(args, 6, 600) * 1_000_000_000L;
    long start = System.nanoTime();

    Gate gate =
        GateParser.parse("sim.yaml", GATE.replace("MAX", Integer.toString(horizon))).gate().orElseThrow();
    RandomGenerator rng = new Well19937c(seed);
    System.out.printf(
        "judge-sim: sequential_proportion at default confidence 0.95, baseline error rate %s, equal"
            + " traffic per side, judged every %d canary requests up to %d%n",
        base, step, horizon);

    int aaRuns = 0;
    int falseFails = 0;
    for (int r = 0; r < runs && System.nanoTime() - start < budgetNanos / 3; r++) {
      aaRuns++;
      if (firstFail(gate, rng, base, base, step, horizon) > 0) {
        falseFails++;
      }
    }
    double aaRate = (double) falseFails / aaRuns;
    System.out.printf("A/A: %d runs, %d false fails, rate %.4f%n", aaRuns, falseFails, aaRate);

    int detRuns = 0;
    long[] detectedAt = new long[runs];
    for (int r = 0; r < runs && System.nanoTime() - start < 2 * budgetNanos / 3; r++) {
      long n = firstFail(gate, rng, 2 * base, base, step, horizon);
      detectedAt[detRuns++] = n > 0 ? n : Long.MAX_VALUE;
    }
    long[] sorted = Arrays.copyOf(detectedAt, detRuns);
    Arrays.sort(sorted);
    long n50 = sorted[(int) Math.ceil(0.5 * detRuns) - 1];
    long n80 = sorted[(int) Math.ceil(0.8 * detRuns) - 1];
    long detected = Arrays.stream(sorted).filter(n -> n != Long.MAX_VALUE).count();
    System.out.printf(
        "2x canary: %d runs, %.1f%% failed within %d requests, median %s, 80th percentile %s canary"
            + " requests%n",
        detRuns, 100.0 * detected / detRuns, horizon, show(n50), show(n80));

    earlyPass(rng, base, step, horizon, Math.min(runs, 500), start, budgetNanos * 5 / 6);
    kayenta(rng, base, perMinute, start, budgetNanos);
    kayentaPeeking(rng, base, perMinute, horizon, start, budgetNanos);

    System.out.printf("judge-sim aa_false_fail=%.4f detect_n80=%s%n", aaRate, n80 == Long.MAX_VALUE ? "inf" : Long.toString(n80));
  }

  /** Canary requests at the first FAIL, or -1 if the horizon passed without one. */
  static long firstFail(
      Gate gate, RandomGenerator rng, double canaryRate, double baseRate, int step, int horizon) {
    Decision d = decide(gate, rng, canaryRate, baseRate, step, horizon);
    return d.outcome() == Outcome.FAIL ? d.requests() : -1;
  }

  record Decision(Outcome outcome, long requests) {}

  /** Runs one analysis until the gate is decided (or the horizon passes). */
  static Decision decide(
      Gate gate, RandomGenerator rng, double canaryRate, double baseRate, int step, int horizon) {
    long xc = 0;
    long xb = 0;
    for (int n = step; n <= horizon; n += step) {
      for (int i = 0; i < step; i++) {
        if (rng.nextDouble() < canaryRate) {
          xc++;
        }
        if (rng.nextDouble() < baseRate) {
          xb++;
        }
      }
      Observations obs =
          Observations.of(
              Map.of(
                  "error_rate",
                  SliObservation.canaryVsBaseline(
                      Measurement.ofCounts(n, xc), Measurement.ofCounts(n, xb))));
      Outcome o = Judge.evaluate(gate, obs).outcome();
      if (o == Outcome.FAIL || o == Outcome.PASS) {
        return new Decision(o, n);
      }
    }
    return new Decision(Outcome.INCONCLUSIVE, horizon);
  }

  /** With tolerance 0.5: how early an equal canary passes, how often one at 1.5x passes early. */
  static void earlyPass(RandomGenerator rng, double base, int step, int horizon, int runs, long start, long budgetNanos) {
    Gate tolerant =
        GateParser.parse(
                "sim.yaml",
                GATE.replace("maxSamples: MAX", "maxSamples: " + horizon + ", tolerance: 0.5"))
            .gate()
            .orElseThrow();
    int done = 0;
    int early = 0;
    int fails = 0;
    long[] at = new long[runs];
    for (int r = 0; r < runs && System.nanoTime() - start < budgetNanos; r++) {
      Decision d = decide(tolerant, rng, base, base, step, horizon);
      done++;
      if (d.outcome() == Outcome.FAIL) {
        fails++;
      }
      if (d.outcome() == Outcome.PASS && d.requests() < horizon) {
        at[early++] = d.requests();
      }
    }
    long[] sorted = Arrays.copyOf(at, early);
    Arrays.sort(sorted);
    System.out.printf(
        "tolerance 0.5, A/A: %d runs, %d passed before %d requests (median %s, 80th percentile %s"
            + " canary requests), %d failed%n",
        done, early, horizon,
        early == 0 ? "-" : Long.toString(sorted[(early + 1) / 2 - 1]),
        early == 0 ? "-" : Long.toString(sorted[(int) Math.ceil(0.8 * early) - 1]),
        fails);
    int done15 = 0;
    int falsePass = 0;
    for (int r = 0; r < runs && System.nanoTime() - start < budgetNanos; r++) {
      Decision d = decide(tolerant, rng, 1.5 * base, base, step, horizon);
      done15++;
      if (d.outcome() == Outcome.PASS && d.requests() < horizon) {
        falsePass++;
      }
    }
    System.out.printf(
        "tolerance 0.5, canary at 1.5x: %d runs, early-pass rate %.4f%n",
        done15, (double) falsePass / Math.max(1, done15));
  }

  /** Fixed-horizon Mann-Whitney on per-minute error rates: minutes needed for 80% power. */
  static void kayenta(RandomGenerator rng, double base, int perMinute, long start, long budgetNanos) {
    MannWhitneyUTest mw = new MannWhitneyUTest();
    int trials = 500;
    int[] minutes = {10, 20, 30, 40, 50, 60, 80, 100, 120, 150, 180, 240, 300, 400, 500};
    for (int m : minutes) {
      if (System.nanoTime() - start > budgetNanos) {
        System.out.println("Mann-Whitney on 1-minute error rates: time budget exhausted at " + m + " minutes");
        return;
      }
      int significant = 0;
      for (int t = 0; t < trials; t++) {
        double[] c = new double[m];
        double[] b = new double[m];
        for (int i = 0; i < m; i++) {
          c[i] = minuteRate(rng, 2 * base, perMinute);
          b[i] = minuteRate(rng, base, perMinute);
        }
        if (mw.mannWhitneyUTest(c, b) < 0.05) {
          significant++;
        }
      }
      double power = (double) significant / trials;
      if (power >= 0.8) {
        System.out.printf(
            "Mann-Whitney (two-sided, 0.95) on 1-minute error rates at %d requests/minute/side: 80%%"
                + " power after %d minutes = %d canary requests (power %.2f over %d trials)%n",
            perMinute, m, m * perMinute, power, trials);
        return;
      }
    }
    System.out.printf(
        "Mann-Whitney on 1-minute error rates at %d requests/minute/side: below 80%% power after %d minutes%n",
        perMinute, minutes[minutes.length - 1]);
  }

  /** A/A: the same Mann-Whitney checked every minute up to the horizon, as a dashboard would. */
  static void kayentaPeeking(
      RandomGenerator rng, double base, int perMinute, int horizon, long start, long budgetNanos) {
    MannWhitneyUTest mw = new MannWhitneyUTest();
    int maxMinutes = Math.max(3, horizon / perMinute);
    int trials = 0;
    int falseFails = 0;
    for (int t = 0; t < 500 && System.nanoTime() - start < budgetNanos; t++) {
      trials++;
      double[] c = new double[maxMinutes];
      double[] b = new double[maxMinutes];
      for (int m = 0; m < maxMinutes; m++) {
        c[m] = minuteRate(rng, base, perMinute);
        b[m] = minuteRate(rng, base, perMinute);
        if (m >= 2
            && mw.mannWhitneyUTest(Arrays.copyOf(c, m + 1), Arrays.copyOf(b, m + 1)) < 0.05) {
          falseFails++;
          break;
        }
      }
    }
    System.out.printf(
        "Mann-Whitney on 1-minute error rates checked every minute for %d minutes, A/A: %d trials,"
            + " false-fail rate %.3f%n",
        maxMinutes, trials, (double) falseFails / Math.max(1, trials));
  }

  private static double minuteRate(RandomGenerator rng, double p, int n) {
    int errors = 0;
    for (int i = 0; i < n; i++) {
      if (rng.nextDouble() < p) {
        errors++;
      }
    }
    return (double) errors / n;
  }

  private static String show(long n) {
    return n == Long.MAX_VALUE ? "not reached" : Long.toString(n);
  }

  private static int arg(String[] args, int i, int dflt) {
    return args.length > i && !args[i].isBlank() ? Integer.parseInt(args[i]) : dflt;
  }
}

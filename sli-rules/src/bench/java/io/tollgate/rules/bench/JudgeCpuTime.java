package io.tollgate.rules.bench;

import io.tollgate.rules.eval.Judge;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.observation.Look;
import io.tollgate.rules.observation.Observations;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The final look of {@link JudgeBenchmark#evaluateIntervals} timed in thread CPU time rather than
 * wall time: on a machine shared with other builds (load far above its cores) wall-clock medians
 * measure the scheduler, CPU time still measures the judge. Prints the median and quartiles.
 */
public final class JudgeCpuTime {
  private JudgeCpuTime() {}

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Gate gate = BenchGates.gate();
    Observations obs = BenchGates.ofIntervals(BenchGates.intervals(BenchGates.raw(42)), Look.FINAL);
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warmup; i++) {
      Judge.evaluate(gate, obs);
    }
    double[] ms = new double[measured];
    for (int i = 0; i < measured; i++) {
      long start = t.getCurrentThreadCpuTime();
      Judge.evaluate(gate, obs);
      ms[i] = (t.getCurrentThreadCpuTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        "evaluateIntervals cpu_ms p25=%.3f p50=%.3f p75=%.3f n=%d%n",
        ms[measured / 4], ms[measured / 2], ms[3 * measured / 4], measured);
  }
}

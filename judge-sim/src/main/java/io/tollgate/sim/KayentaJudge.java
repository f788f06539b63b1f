package io.tollgate.sim;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.tollgate.rules.model.Direction;
import io.tollgate.telemetry.aggregate.Sketches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.stat.inference.MannWhitneyUTest;

/**
 * A Kayenta-style judge (NetflixACAJudge): every metric is a time series of one point per minute
 * per side (the minute's error ratio, or the latency SLI's quantile or mean over the minute's
 * requests); every minute each metric is classified by a two-sided Mann-Whitney test at 0.95 on all
 * points so far (normal approximation), as High when significant with the canary's points worse.
 * The analysis fails when a critical metric (one whose SLI has a key criterion) is High or the
 * score (share of metrics not High) drops below the marginal 75; at the end it passes with a score
 * of at least 95.
 */
final class KayentaJudge implements RunJudge {
  static final double ALPHA = 0.05;
  static final double MARGINAL = 75;
  static final double PASS = 95;

  private final int perPoint;
  private final List<SimGate.SimSli> metrics = new ArrayList<>();
  private final List<List<Double>> canary = new ArrayList<>();
  private final List<List<Double>> baseline = new ArrayList<>();
  private final MannWhitneyUTest test = new MannWhitneyUTest();

  KayentaJudge(Scenario scenario, SimGate gate) {
    long ms = scenario.interval().toMillis();
    this.perPoint = (int) Math.max(1, (60_000 + ms - 1) / ms);
    for (SimGate.SimSli s : gate.slis()) {
      if (s.health()) {
        metrics.add(s);
        canary.add(new ArrayList<>());
        baseline.add(new ArrayList<>());
      }
    }
  }

  @Override
  public String name() {
    return "kayenta";
  }

  @Override
  public RunOutcome.Decision look(int k, boolean last, List<List<SideInterval[]>> streams) {
    if ((k + 1) % perPoint != 0 && !last) {
      return RunOutcome.Decision.OPEN;
    }
    int from = k - k % perPoint;
    int high = 0;
    boolean criticalHigh = false;
    for (int i = 0; i < metrics.size(); i++) {
      SimGate.SimSli m = metrics.get(i);
      List<SideInterval[]> s = streams.get(m.stream());
      add(canary.get(i), point(m, s, from, k, 0));
      add(baseline.get(i), point(m, s, from, k, 1));
      if (isHigh(m, canary.get(i), baseline.get(i))) {
        high++;
        criticalHigh |= m.critical();
      }
    }
    double score = metrics.isEmpty() ? 100 : 100.0 * (metrics.size() - high) / metrics.size();
    if (criticalHigh || score < MARGINAL) {
      return RunOutcome.Decision.FAIL;
    }
    return last && score >= PASS ? RunOutcome.Decision.PASS : RunOutcome.Decision.OPEN;
  }

  private boolean isHigh(SimGate.SimSli m, List<Double> c, List<Double> b) {
    if (c.isEmpty() || b.isEmpty()) {
      return false;
    }
    double[] x = c.stream().mapToDouble(Double::doubleValue).toArray();
    double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
    // the normal approximation (with continuity and tie correction): Hipparchus' exact mode costs
    // more than the whole simulation and per-minute error rates are full of ties anyway
    double p = test.mannWhitneyUTest(x, y, false);
    double shift = median(x) - median(y);
    boolean worse = m.direction() == Direction.HIGHER_IS_BETTER ? shift < 0 : shift > 0;
    return p < ALPHA && worse;
  }

  private static void add(List<Double> points, double v) {
    if (!Double.isNaN(v)) {
      // Kayenta's default NaN strategy removes missing points
      points.add(v);
    }
  }

  /** The metric's value for one side over intervals {@code from..to}. */
  static double point(SimGate.SimSli m, List<SideInterval[]> s, int from, int to, int side) {
    if (m.feed() == SimGate.Feed.COUNTS) {
      long n = 0;
      long x = 0;
      for (int k = from; k <= to; k++) {
        n += s.get(k)[side].requests();
        x += s.get(k)[side].errors();
      }
      return n == 0 ? Double.NaN : (double) x / n;
    }
    DDSketch merged = Sketches.newSketch();
    for (int k = from; k <= to; k++) {
      merged.mergeWith(s.get(k)[side].latency());
    }
    return value(m, merged);
  }

  static double value(SimGate.SimSli m, DDSketch d) {
    if (d.isEmpty()) {
      return Double.NaN;
    }
    return m.quantile().isPresent()
        ? d.getValueAtQuantile(m.quantile().getAsDouble())
        : d.getSum() / d.getCount();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}

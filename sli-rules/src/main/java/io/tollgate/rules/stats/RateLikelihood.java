package io.tollgate.rules.stats;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The log-likelihood of the canary/baseline error-rate ratio ρ from per-interval counts, in θ = ln
 * ρ, and integrals of it against the prior {@code dρ / (1 + ρ)²}.
 *
 * <p>Given the errors of interval k, {@code n_k = x_k + y_k}, the canary's count is binomial with
 * {@code p_k = ρ r_k / (1 + ρ r_k)}, {@code r_k = c_k / b_k} the interval's split. Up to a
 * constant, {@code ℓ(θ) = X θ - Σ n_k ln(1 + e^θ r_k)}: concave in θ, so the integrand {@code exp(ℓ
 * + ln w)} (with {@code w(θ) = e^θ / (1 + e^θ)²}, the prior in θ) is log-concave with a single
 * mode, which {@link LogConcave} integrates. One evaluation costs one logarithm per interval with
 * errors; a full test takes about 200 evaluations (the three integrals share their panels).
 */
final class RateLikelihood {
  /** θ is kept in ±60 (ρ from 1e-26 to 1e26): far beyond any rate ratio that counts can show. */
  static final double LIMIT = 60;

  private final double[] ratios; // r_k, intervals with the same split merged
  private final double[] errors; // n_k
  private final double canaryErrors; // X
  private final double totalErrors;
  private double mode = Double.NaN;
  private double peak = Double.NaN;

  private RateLikelihood(double[] ratios, double[] errors, double canaryErrors) {
    this.ratios = ratios;
    this.errors = errors;
    this.canaryErrors = canaryErrors;
    double n = 0;
    for (double e : errors) {
      n += e;
    }
    this.totalErrors = n;
  }

  /**
   * The likelihood of intervals {@code [0, count)}. Intervals where a side had no requests say
   * nothing about the ratio and drop out, as do intervals without errors.
   */
  static RateLikelihood of(long[] c, long[] x, long[] b, long[] y, int count) {
    double[][] pairs = new double[count][];
    int k = 0;
    double canary = 0;
    for (int i = 0; i < count; i++) {
      long n = x[i] + y[i];
      if (c[i] > 0 && b[i] > 0 && n > 0) {
        pairs[k++] = new double[] {(double) c[i] / b[i], n};
        canary += x[i];
      }
    }
    // intervals with the same split contribute alike; merging them saves work at equal splits
    double[][] used = Arrays.copyOf(pairs, k);
    Arrays.sort(used, (p, q) -> Double.compare(p[0], q[0]));
    double[] r = new double[k];
    double[] n = new double[k];
    int m = 0;
    for (double[] p : used) {
      if (m > 0 && r[m - 1] == p[0]) {
        n[m - 1] += p[1];
      } else {
        r[m] = p[0];
        n[m++] = p[1];
      }
    }
    return new RateLikelihood(Arrays.copyOf(r, m), Arrays.copyOf(n, m), canary);
  }

  double canaryErrors() {
    return canaryErrors;
  }

  double totalErrors() {
    return totalErrors;
  }

  /** ℓ(θ), up to a constant that cancels in every ratio and in the confidence sequence. */
  double logL(double theta) {
    double u = Math.exp(theta);
    double s = canaryErrors * theta;
    for (int k = 0; k < ratios.length; k++) {
      double v = u * ratios[k];
      // Math.log is an intrinsic and several times faster than log1p, which only matters for tiny v
      s -= errors[k] * (v > 1e-3 ? Math.log(1 + v) : Math.log1p(v));
    }
    return s;
  }

  /** ℓ(θ) and ℓ'(θ) in one pass, into {@code out}. */
  private void valueAndSlope(double theta, double[] out) {
    double u = Math.exp(theta);
    double value = canaryErrors * theta;
    double slope = canaryErrors;
    for (int k = 0; k < ratios.length; k++) {
      double v = u * ratios[k];
      value -= errors[k] * (v > 1e-3 ? Math.log(1 + v) : Math.log1p(v));
      slope -= errors[k] * v / (1 + v);
    }
    out[0] = value;
    out[1] = slope;
  }

  /** ℓ'(θ) and ℓ''(θ) into {@code out}. */
  private void derivatives(double theta, double[] out) {
    double u = Math.exp(theta);
    double d1 = canaryErrors;
    double d2 = 0;
    for (int k = 0; k < ratios.length; k++) {
      double v = u * ratios[k];
      double q = v / (1 + v);
      d1 -= errors[k] * q;
      d2 -= errors[k] * q * (1 - q);
    }
    out[0] = d1;
    out[1] = d2;
  }

  /** ln of the prior density in θ: {@code θ - 2 ln(1 + e^θ)}. */
  static double logPrior(double theta) {
    return theta - 2 * softplus(theta);
  }

  private double logIntegrand(double theta) {
    return logL(theta) + logPrior(theta);
  }

  private static double softplus(double z) {
    return z > 30 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  private static double logistic(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** The mode of ℓ + ln w (always finite: the prior vanishes at both ends). */
  double mode() {
    if (Double.isNaN(mode)) {
      mode = root(0, true);
    }
    return mode;
  }

  /** The maximum of ℓ alone, clamped to ±30 when ℓ is monotone (all errors on one side). */
  double peak() {
    if (Double.isNaN(peak)) {
      peak = findPeak();
    }
    return peak;
  }

  private double findPeak() {
    if (canaryErrors == 0) {
      return -30;
    }
    if (canaryErrors == totalErrors) {
      return 30;
    }
    return Math.max(-30, Math.min(30, root(0, false)));
  }

  /**
   * The zero of the derivative of ℓ (+ ln w when {@code withPrior}) by Newton's method kept inside
   * a shrinking bracket; the derivative is decreasing, so the bracket always holds the zero.
   */
  private double root(double start, boolean withPrior) {
    double lo = -LIMIT;
    double hi = LIMIT;
    double t = start;
    double[] d = new double[2];
    for (int i = 0; i < 200; i++) {
      derivatives(t, d);
      double g1 = d[0];
      double g2 = d[1];
      if (withPrior) {
        double s = logistic(t);
        g1 += 1 - 2 * s;
        g2 -= 2 * s * (1 - s);
      }
      if (g1 > 0) {
        lo = t;
      } else {
        hi = t;
      }
      double next = g2 < 0 ? t - g1 / g2 : Double.NaN;
      if (!(next > lo && next < hi)) {
        next = (lo + hi) / 2;
      }
      if (Math.abs(next - t) < 1e-12 * Math.max(1, Math.abs(t)) || hi - lo < 1e-12) {
        return next;
      }
      t = next;
    }
    return t;
  }

  /**
   * {@code ln ∫_lo^LIMIT exp(ℓ(θ)) φ((θ − mu)/sd)/sd dθ}: the FAIL integral under a normal prior on
   * θ centred at {@code mu} (not yet divided by the prior's mass above {@code lo}). The integrand
   * stays log-concave (ℓ concave plus a concave quadratic), so the same quadrature applies.
   */
  double logIntegralNormal(double lo, double mu, double sd) {
    lo = Math.max(lo, -LIMIT);
    double v = sd * sd;
    double c = -0.5 * Math.log(2 * Math.PI * v);
    DoubleUnaryOperator g = t -> logL(t) - (t - mu) * (t - mu) / (2 * v) + c;
    // the mode: ℓ'(θ) = (θ − mu)/v, by Newton's method inside a shrinking bracket
    double a = -LIMIT;
    double b = LIMIT;
    double t = mu;
    double[] d = new double[2];
    for (int i = 0; i < 200; i++) {
      derivatives(t, d);
      double g1 = d[0] - (t - mu) / v;
      double g2 = d[1] - 1 / v;
      if (g1 > 0) {
        a = t;
      } else {
        b = t;
      }
      double next = t - g1 / g2;
      if (!(next > a && next < b)) {
        next = (a + b) / 2;
      }
      boolean done = Math.abs(next - t) < 1e-12 * Math.max(1, Math.abs(t)) || b - a < 1e-12;
      t = next;
      if (done) {
        break;
      }
    }
    double p = Math.max(lo, Math.min(LIMIT, t));
    derivatives(p, d);
    double h = 1 / Math.sqrt(-(d[1] - 1 / v));
    if (p != t) {
      h = Math.min(h, 1 / Math.abs(d[0] - (p - mu) / v));
    }
    return LogConcave.logIntegral(g, p, h, lo, LIMIT);
  }

  /** The curvature scale at θ: 1/sqrt(-(ℓ + ln w)''). */
  private double scale(double theta) {
    double[] d = new double[2];
    derivatives(theta, d);
    double s = logistic(theta);
    double g2 = d[1] - 2 * s * (1 - s);
    return 1 / Math.sqrt(-g2);
  }

  /**
   * {@code ln ∫_lo^hi exp(ℓ(θ) + ln w(θ)) dθ} with {@code -LIMIT <= lo < hi <= LIMIT}, {@code ±
   * Infinity} meaning the limit.
   */
  double logIntegral(double lo, double hi) {
    lo = Math.max(lo, -LIMIT);
    hi = Math.min(hi, LIMIT);
    if (!(hi > lo)) {
      return Double.NEGATIVE_INFINITY;
    }
    double m = mode();
    double p = Math.max(lo, Math.min(hi, m));
    double h = scale(p);
    if (p != m) {
      // at a boundary the integrand falls off exponentially at rate |g'(p)|
      double[] d = new double[2];
      derivatives(p, d);
      double slope = Math.abs(d[0] + 1 - 2 * logistic(p));
      h = Math.min(h, 1 / slope);
    }
    return LogConcave.logIntegral(this::logIntegrand, p, h, lo, hi);
  }

  /**
   * The three integrals the rate test needs, in one pass over shared panels: {@code ln ∫} over [t0,
   * ∞) (FAIL), (-∞, t1] (PASS) and everything (the confidence sequence), for {@code t0 < t1}.
   */
  double[] logIntegrals(double t0, double t1) {
    double m = mode();
    double[] seg =
        LogConcave.logSegments(
            this::logIntegrand, m, scale(m), -LIMIT, LIMIT, new double[] {t0, t1});
    double fail = logSum(seg[1], seg[2]);
    double pass = logSum(seg[0], seg[1]);
    double total = logSum(fail, seg[0]);
    // a cut in the far tail, where the shared panels are coarse or stop, is integrated on its own
    // (only e-values far below 1 come from there, but trajectories show them)
    if (fail < total - 20) {
      fail = logIntegral(t0, Double.POSITIVE_INFINITY);
    }
    if (pass < total - 20) {
      pass = logIntegral(Double.NEGATIVE_INFINITY, t1);
    }
    return new double[] {fail, pass, total};
  }

  private static double logSum(double a, double b) {
    double max = Math.max(a, b);
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
  }

  /**
   * The θ on the {@code upper} (or lower) side of {@link #peak()} where ℓ falls to {@code level};
   * ±Infinity when it never does within θ in ±30 (ρ in 1e±13).
   */
  double levelCrossing(double level, boolean upper) {
    double from = peak();
    double to = upper ? 30 : -30;
    if (logL(to) >= level) {
      return upper ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    double top = logL(from);
    if (top < level) {
      return from;
    }
    // start just outside the crossing the curvature at the peak predicts (doubling while still
    // inside), so Newton needs few steps; ℓ is concave, so Newton from outside never overshoots,
    // and the bracket guards the steps where ℓ is nearly flat
    double[] d = new double[2];
    derivatives(from, d);
    double guess = Math.sqrt(2 * (top - level) / Math.max(-d[1], 1e-12));
    double in = from;
    double out = from;
    for (double step = 1.25 * guess; ; step *= 2) {
      out = upper ? Math.min(to, from + step) : Math.max(to, from - step);
      if (logL(out) < level || out == to) {
        break;
      }
      in = out;
    }
    double[] vs = new double[2];
    valueAndSlope(out, vs);
    for (int i = 0; i < 100; i++) {
      double next = out - (vs[0] - level) / vs[1];
      if (!(upper ? next > in && next < out : next < in && next > out)) {
        next = (in + out) / 2;
      }
      valueAndSlope(next, vs);
      if (vs[0] >= level) {
        in = next;
        // back to the outside point: Newton only moves monotonically from there
        valueAndSlope(out, vs);
      } else {
        if (Math.abs(next - out) < 1e-11) {
          return next;
        }
        out = next;
      }
      if (Math.abs(out - in) < 1e-11) {
        break;
      }
    }
    return (in + out) / 2;
  }
}

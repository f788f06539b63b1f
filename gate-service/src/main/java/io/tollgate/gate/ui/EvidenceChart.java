package io.tollgate.gate.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a sequential test's evidence evolved over the window, as an inline SVG: the FAIL and PASS
 * e-values (natural log) against their boundaries, over cumulative canary requests, and the
 * canary's share of the requests per point underneath. A test decides when a line reaches its
 * dashed boundary; the gap says how far the evidence still is.
 */
final class EvidenceChart {
  private static final int W = 640;
  private static final int H = 150;
  private static final int LEFT = 44;
  private static final int SHARE_H = 36;

  private EvidenceChart() {}

  private record P(
      double n, double share, double fail, double failAt, double pass, double passAt) {}

  /** The chart of a stored trajectory (maps as the decision JSON holds them); "" when empty. */
  static String of(Object trajectory) {
    List<P> ps = points(trajectory);
    if (ps.size() < 2) {
      return "";
    }
    double maxN = Math.max(1, ps.get(ps.size() - 1).n());
    double top = 1;
    double bottom = -1;
    for (P p : ps) {
      for (double v : new double[] {p.fail(), p.failAt(), p.pass(), p.passAt()}) {
        if (Double.isFinite(v)) {
          top = Math.max(top, Math.min(v, 60));
          bottom = Math.min(bottom, Math.max(v, -20));
        }
      }
    }
    double range = top - bottom;
    P last = ps.get(ps.size() - 1);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart evidence\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            W,
            H + SHARE_H + 30,
            label(last)));
    s.append(line(ps, P::fail, maxN, bottom, range, "fail"));
    s.append(line(ps, P::failAt, maxN, bottom, range, "fail boundary"));
    s.append(line(ps, P::pass, maxN, bottom, range, "pass"));
    if (ps.stream().anyMatch(p -> Double.isFinite(p.pass()))) {
      s.append(line(ps, P::passAt, maxN, bottom, range, "pass boundary"));
    }
    double zero = y(0, bottom, range);
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"axisline\"/>"
                + "<text x=\"0\" y=\"%.1f\" class=\"axis\">ln e 0</text>"
                + "<text x=\"0\" y=\"12\" class=\"axis\">%s</text>",
            LEFT,
            zero,
            W,
            zero,
            zero + 4,
            Svg.format(top)));
    double prevX = LEFT;
    for (P p : ps) {
      double x = x(p.n(), maxN);
      double bh = Math.max(0, Math.min(1, p.share())) * SHARE_H;
      s.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar share\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
              prevX,
              H + 10 + SHARE_H - bh,
              Math.max(1, x - prevX - 1),
              bh));
      prevX = x;
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"0\" y=\"%d\" class=\"axis\">canary share</text>"
                + "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"end\">%s canary requests</text>",
            H + 10 + SHARE_H / 2,
            W,
            H + SHARE_H + 28,
            Svg.format(maxN)));
    return s.append("</svg>").toString();
  }

  private static String label(P last) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "evidence after %s canary requests (canary share %s): fail ln e %s of boundary %s",
                Svg.format(last.n()),
                Svg.format(Math.round(last.share() * 1000) / 10.0) + "%",
                Svg.format(last.fail()),
                Svg.format(last.failAt())));
    if (Double.isFinite(last.pass())) {
      b.append(", pass ln e ")
          .append(Svg.format(last.pass()))
          .append(" of boundary ")
          .append(Svg.format(last.passAt()));
    }
    return b.toString();
  }

  /** Two decimals at most, without trailing zeros: "3.69", "-1.2", "3". */
  private interface Field {
    double of(P p);
  }

  private static String line(
      List<P> ps, Field f, double maxN, double bottom, double range, String cls) {
    StringBuilder pts = new StringBuilder();
    for (P p : ps) {
      double v = f.of(p);
      if (Double.isFinite(v)) {
        pts.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                x(p.n(), maxN),
                y(Math.max(-20, Math.min(60, v)), bottom, range)));
      }
    }
    if (pts.isEmpty()) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "<polyline class=\"line %s\" fill=\"none\" points=\"%s\"><title>%s</title></polyline>",
        cls,
        pts.toString().strip(),
        cls);
  }

  private static double x(double n, double maxN) {
    return LEFT + n / maxN * (W - LEFT - 4);
  }

  private static double y(double v, double bottom, double range) {
    return 6 + (1 - (v - bottom) / range) * (H - 12);
  }

  private static List<P> points(Object trajectory) {
    List<P> out = new ArrayList<>();
    if (!(trajectory instanceof List<?> list)) {
      return out;
    }
    for (Object o : list) {
      if (o instanceof Map<?, ?> m) {
        out.add(
            new P(
                num(m.get("canaryRequests")),
                num(m.get("canaryShare")),
                num(m.get("lnFailE")),
                num(m.get("lnFailBoundary")),
                num(m.get("lnPassE")),
                num(m.get("lnPassBoundary"))));
      }
    }
    return out;
  }

  private static double num(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}

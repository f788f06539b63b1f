package io.tollgate.gate.ui;

import io.tollgate.gate.scenarios.ScenarioCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small inline SVG charts drawn on the server: they need no script, print in screenshots and carry
 * a text alternative. Only numbers and fixed labels go into the markup.
 */
final class Svg {
  private Svg() {}

  /** Failures over time in up to 48 buckets, one bar per bucket. */
  static String timeline(List<ScenarioCatalog.Point> points) {
    if (points.isEmpty()) {
      return "";
    }
    Instant from =
        points.stream().map(ScenarioCatalog.Point::at).min(Instant::compareTo).orElseThrow();
    Instant to =
        points.stream().map(ScenarioCatalog.Point::at).max(Instant::compareTo).orElseThrow();
    long span = Math.max(60, Duration.between(from, to).getSeconds() + 60);
    int buckets = (int) Math.min(48, Math.max(1, span / 60));
    long[] counts = new long[buckets];
    for (ScenarioCatalog.Point p : points) {
      int b =
          (int) Math.min(buckets - 1, Duration.between(from, p.at()).getSeconds() * buckets / span);
      counts[b] += p.failures();
    }
    long max = 1;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    int w = 640;
    int h = 120;
    double bw = (double) (w - 40) / buckets;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"failures over time,"
                + " at most %d per bucket\">",
            w,
            h + 20,
            max));
    s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"12\" class=\"axis\">%d</text>", max));
    for (int i = 0; i < buckets; i++) {
      double bh = (double) counts[i] / max * (h - 10);
      s.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%d</title></rect>",
              40 + i * bw,
              h - bh,
              Math.max(1, bw - 2),
              bh,
              counts[i]));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"40\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axisline\"/>",
            h,
            w,
            h));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"40\" y=\"%d\" class=\"axis\">%s</text><text x=\"%d\" y=\"%d\" class=\"axis\""
                + " text-anchor=\"end\">%s</text></svg>",
            h + 16,
            from.toString().substring(0, 16).replace('T', ' '),
            w,
            h + 16,
            to.toString().substring(0, 16).replace('T', ' ')));
    return s.toString();
  }

  /**
   * Canary against baseline (or whatever sides a criterion has), as labelled horizontal bars: each
   * side's label on its own line above its bar, the value after the bar, and an accessible name
   * that states every value ("canary 0.15, baseline 0.05"). The bar's colour follows the side the
   * label starts with (canary, baseline), whatever words follow it ("canary median").
   */
  static String sides(Map<String, ?> values) {
    if (values == null || values.isEmpty()) {
      return "";
    }
    double max = 0;
    int count = 0;
    StringBuilder name = new StringBuilder();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (e.getValue() instanceof Number n) {
        max = Math.max(max, Math.abs(n.doubleValue()));
        name.append(name.isEmpty() ? "" : ", ").append(e.getKey()).append(' ');
        name.append(format(n.doubleValue()));
        count++;
      }
    }
    if (count == 0) {
      return "";
    }
    if (max == 0) {
      max = 1;
    }
    int row = 34;
    int w = 360;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart sides\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            w,
            row * count + 2,
            escape(name.toString())));
    int i = 0;
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (!(e.getValue() instanceof Number n)) {
        continue;
      }
      String label = e.getKey();
      String lower = label.toLowerCase(Locale.ROOT);
      String side =
          lower.startsWith("canary")
              ? "canary"
              : lower.startsWith("baseline") ? "baseline" : "other";
      double v = n.doubleValue();
      double bw = Math.abs(v) / max * (w - 90);
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\" class=\"axis\">%s</text><rect class=\"bar %s\" x=\"0\" y=\"%d\""
                  + " width=\"%.1f\" height=\"14\"/><text x=\"%.1f\" y=\"%d\" class=\"axis\">%s</text>",
              i * row + 11,
              escape(label),
              side,
              i * row + 15,
              Math.max(1, bw),
              Math.max(1, bw) + 6,
              i * row + 27,
              format(v)));
      i++;
    }
    return s.append("</svg>").toString();
  }

  /** Text for SVG markup: the five characters XML gives meaning to, escaped. */
  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  /**
   * The one way the UI's charts print a number: whole numbers as they are, others to four
   * significant digits without trailing zeros (one decimal from 100 up), "n/a" for what is not a
   * number.
   */
  static String format(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    java.math.BigDecimal d =
        Math.abs(v) >= 100
            ? java.math.BigDecimal.valueOf(v).setScale(1, java.math.RoundingMode.HALF_UP)
            : java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(4));
    return d.stripTrailingZeros().toPlainString();
  }
}

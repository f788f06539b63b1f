package io.tollgate.gate.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.DoubleSummaryStatistics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lines of per-minute values, one per side (canary solid orange, baseline dashed blue, others
 * dotted grey), over a window, as an inline SVG whose accessible name states each side's range and
 * mean. Sides are told apart by dash as well as colour.
 */
final class MinuteChart {
  private static final int W = 640;
  private static final int H = 150;
  private static final int LEFT = 48;
  private static final DateTimeFormatter HM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private MinuteChart() {}

  static String draw(
      String title, Map<String, TreeMap<Instant, Double>> lines, Instant from, Instant to) {
    double max = 0;
    StringBuilder name = new StringBuilder(title).append(':');
    for (Map.Entry<String, TreeMap<Instant, Double>> e : lines.entrySet()) {
      DoubleSummaryStatistics st =
          e.getValue().values().stream().mapToDouble(Double::doubleValue).summaryStatistics();
      if (st.getCount() == 0) {
        name.append(' ').append(e.getKey()).append(" no data;");
        continue;
      }
      max = Math.max(max, st.getMax());
      name.append(
          String.format(
              Locale.ROOT,
              " %s %d minutes from %s to %s, mean %s;",
              e.getKey(),
              st.getCount(),
              Svg.format(st.getMin()),
              Svg.format(st.getMax()),
              Svg.format(st.getAverage())));
    }
    if (max <= 0) {
      max = 1;
    }
    double span = Math.max(60, to.getEpochSecond() - from.getEpochSecond());
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart minutes\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            W,
            H + 22,
            Svg.escape(name.substring(0, name.length() - 1))));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"0\" y=\"12\" class=\"axis\">%s</text><text x=\"0\" y=\"%d\" class=\"axis\">0</text>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axisline\"/>",
            Svg.format(max),
            H,
            LEFT,
            H,
            W,
            H));
    for (Map.Entry<String, TreeMap<Instant, Double>> e : lines.entrySet()) {
      String side = e.getKey().toLowerCase(Locale.ROOT);
      String cls =
          side.startsWith("canary") ? "canary" : side.startsWith("baseline") ? "baseline" : "other";
      StringBuilder pts = new StringBuilder();
      for (Map.Entry<Instant, Double> p : e.getValue().entrySet()) {
        double x =
            LEFT + (p.getKey().getEpochSecond() - from.getEpochSecond()) / span * (W - LEFT - 4);
        double y = 6 + (1 - p.getValue() / max) * (H - 12);
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      if (!pts.isEmpty()) {
        s.append(
            String.format(
                Locale.ROOT,
                "<polyline class=\"side %s\" fill=\"none\" points=\"%s\"><title>%s</title></polyline>",
                cls,
                pts.toString().strip(),
                Svg.escape(e.getKey())));
      }
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"axis\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"end\">%s UTC</text>",
            LEFT,
            H + 18,
            HM.format(from),
            W,
            H + 18,
            HM.format(to)));
    return s.append("</svg>").toString();
  }
}

package io.tollgate.gate.ui;

import io.tollgate.gate.profile.TrafficProfile;
import java.util.List;
import java.util.Locale;

/**
 * A service's daily shape as an inline SVG: one bar per UTC hour of day, mean requests per day in
 * that hour, with an accessible name stating the busiest and quietest hours.
 */
final class ShapeChart {
  private static final int W = 640;
  private static final int H = 150;
  private static final int LEFT = 56;

  private ShapeChart() {}

  static String draw(List<TrafficProfile.HourOfDay> hours) {
    if (hours.isEmpty()) {
      return "";
    }
    TrafficProfile.HourOfDay busiest = hours.get(0);
    TrafficProfile.HourOfDay quietest = hours.get(0);
    for (TrafficProfile.HourOfDay h : hours) {
      busiest = h.requests() > busiest.requests() ? h : busiest;
      quietest = h.requests() < quietest.requests() ? h : quietest;
    }
    double max = Math.max(busiest.requests(), 1);
    String name =
        String.format(
            Locale.ROOT,
            "Requests per UTC hour of day, mean per day: busiest %02d:00 with %s, quietest %02d:00"
                + " with %s",
            busiest.hour(),
            Svg.format(busiest.requests()),
            quietest.hour(),
            Svg.format(quietest.requests()));
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart shape\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            W,
            H + 22,
            Svg.escape(name)));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"0\" y=\"12\" class=\"axis\">%s</text><text x=\"0\" y=\"%d\" class=\"axis\">0</text>",
            Svg.format(max),
            H));
    double bw = (double) (W - LEFT) / 24;
    for (TrafficProfile.HourOfDay h : hours) {
      double bh = h.requests() / max * (H - 16);
      s.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%02d:00"
                  + " %s</title></rect>",
              LEFT + h.hour() * bw,
              H - bh,
              Math.max(1, bw - 2),
              bh,
              h.hour(),
              Svg.format(h.requests())));
      if (h.hour() % 6 == 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" class=\"axis\">%02d:00</text>",
                LEFT + h.hour() * bw,
                H + 18,
                h.hour()));
      }
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axisline\"/>",
            LEFT,
            H,
            W,
            H));
    return s.append("</svg>").toString();
  }
}

package io.tollgate.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}: samples of one
 * family stay together, each series in time order, timestamps in seconds, ending with {@code #
 * EOF}.
 *
 * <pre>{@code
 * String text = new OpenMetrics()
 *     .counter("http_requests", Map.of("track", "canary"), start, 60, 0, 120, 250)
 *     .text();
 * }</pre>
 */
public final class OpenMetrics {
  private record Series(
      Map<String, String> labels, long startEpochSeconds, long stepSeconds, double[] values) {}

  private record Family(String type, List<Series> series) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  /** A counter family; {@code name} without the {@code _total} suffix, which is added. */
  public OpenMetrics counter(
      String name,
      Map<String, String> labels,
      long startEpochSeconds,
      long stepSeconds,
      double... values) {
    return add(name, "counter", labels, startEpochSeconds, stepSeconds, values);
  }

  public OpenMetrics gauge(
      String name,
      Map<String, String> labels,
      long startEpochSeconds,
      long stepSeconds,
      double... values) {
    return add(name, "gauge", labels, startEpochSeconds, stepSeconds, values);
  }

  private OpenMetrics add(
      String name,
      String type,
      Map<String, String> labels,
      long start,
      long step,
      double[] values) {
    Family family = families.computeIfAbsent(name, n -> new Family(type, new ArrayList<>()));
    if (!family.type().equals(type)) {
      throw new IllegalArgumentException(name + " is already a " + family.type());
    }
    family.series().add(new Series(new TreeMap<>(labels), start, step, values.clone()));
    return this;
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    families.forEach(
        (name, family) -> {
          out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
          String sampleName = family.type().equals("counter") ? name + "_total" : name;
          for (Series s : family.series()) {
            String labels = labels(s.labels());
            for (int i = 0; i < s.values().length; i++) {
              out.append(sampleName)
                  .append(labels)
                  .append(' ')
                  .append(format(s.values()[i]))
                  .append(' ')
                  .append(s.startEpochSeconds() + i * s.stepSeconds())
                  .append('\n');
            }
          }
        });
    return out.append("# EOF\n").toString();
  }

  private static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    labels.forEach(
        (k, v) -> {
          if (b.length() > 1) {
            b.append(',');
          }
          b.append(k).append("=\"").append(escape(v)).append('"');
        });
    return b.append('}').toString();
  }

  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}

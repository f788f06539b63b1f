package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.OperationMinute;
import io.tollgate.telemetry.store.OperationStats;
import io.tollgate.telemetry.store.SpanQuery;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trace SLI minute by minute over a decision's window, each side as a line: re-read from the
 * stored span aggregates with the queries the decision resolved ("service=checkout operation=POST
 * /checkout version=1.5.0 track=canary window=[…)"), so the page shows what the judge read.
 */
@Singleton
final class SliMinutes {
  /** Longer windows would draw thousands of points; the decision's numbers still tell. */
  static final Duration MAX_WINDOW = Duration.ofHours(6);

  private static final Pattern QUANTILE = Pattern.compile("p(\\d{2,3})(?!\\d)");
  private static final Pattern FIELD =
      Pattern.compile(
          "(service|operation|version|environment|track|traffic)=(.*?)"
              + "(?= (?:operation|version|environment|track|traffic|window)=|$)");

  private final AggregateReader reader;

  SliMinutes(AggregateReader reader) {
    this.reader = reader;
  }

  /** The chart and its caption, or null when there is nothing to draw. */
  record Chart(String svg, String caption) {}

  enum Measure {
    ERROR_RATIO("error ratio"),
    REQUESTS("requests"),
    LATENCY("latency");

    final String label;

    Measure(String label) {
      this.label = label;
    }
  }

  @Nullable
  Chart of(
      String sli,
      String unit,
      Map<String, ?> queries,
      @Nullable Instant from,
      @Nullable Instant to) {
    if (from == null || to == null || !from.isBefore(to) || queries.isEmpty()) {
      return null;
    }
    if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
      return new Chart("", "The window is longer than 6 hours: no per-minute view.");
    }
    Measure measure = measure(unit);
    double q = quantile(sli);
    Map<String, TreeMap<Instant, Double>> lines = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : queries.entrySet()) {
      Map<String, String> f = fields(String.valueOf(e.getValue()));
      if (!f.containsKey("service") || f.containsKey("traffic")) {
        continue; // the chart re-reads user traffic only
      }
      lines.put(e.getKey(), read(f, measure, q, seconds(unit) ? 0.001 : 1, from, to));
    }
    if (lines.values().stream().allMatch(Map::isEmpty)) {
      return null;
    }
    String what =
        measure == Measure.LATENCY
            ? "p" + Svg.format(q * 100) + " latency (" + unit + ")"
            : measure.label;
    return new Chart(
        MinuteChart.draw(sli + " " + what + " per minute", lines, from, to),
        sli
            + ": "
            + what
            + " per minute over the window, read again from the stored span aggregates; "
            + "canary solid, baseline dashed.");
  }

  static Measure measure(String unit) {
    String u = unit == null ? "" : unit.strip().toLowerCase(Locale.ROOT);
    return switch (u) {
      case "ms", "s", "seconds", "milliseconds" -> Measure.LATENCY;
      case "requests", "count", "rps" -> Measure.REQUESTS;
      default -> Measure.ERROR_RATIO;
    };
  }

  private static boolean seconds(String unit) {
    return unit != null && List.of("s", "seconds").contains(unit.strip().toLowerCase(Locale.ROOT));
  }

  /** The quantile a latency SLI's name states ("latency_p99" → 0.99), else the median. */
  static double quantile(String sli) {
    Matcher m = QUANTILE.matcher(sli);
    if (m.find()) {
      String d = m.group(1);
      return Double.parseDouble("0." + d);
    }
    return 0.5;
  }

  /** The selector of a resolved trace query: service, operation, version, environment, track. */
  static Map<String, String> fields(String described) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(described);
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2).strip());
    }
    return out;
  }

  private TreeMap<Instant, Double> read(
      Map<String, String> f, Measure measure, double q, double scale, Instant from, Instant to) {
    TreeMap<Instant, OperationStats> merged = new TreeMap<>();
    List<OperationMinute> rows;
    try {
      rows =
          reader.operationMinutes(
              new SpanQuery(f.get("service"), f.get("track"), f.get("operation"), from, to));
    } catch (SQLException | RuntimeException e) {
      return new TreeMap<>();
    }
    for (OperationMinute row : rows) {
      OperationStats s = row.stats();
      if (!matches(f.get("version"), s.series().version())
          || !matches(f.get("environment"), s.series().environment())) {
        continue;
      }
      merged.merge(
          row.minute(),
          s,
          (a, b) -> {
            var sketch = a.latencyMs().copy();
            sketch.mergeWith(b.latencyMs());
            return new OperationStats(
                a.series(),
                a.operation(),
                a.requests() + b.requests(),
                a.errors() + b.errors(),
                sketch);
          });
    }
    TreeMap<Instant, Double> out = new TreeMap<>();
    merged.forEach(
        (minute, s) -> {
          double v =
              switch (measure) {
                case REQUESTS -> s.requests();
                case ERROR_RATIO ->
                    s.requests() == 0 ? Double.NaN : (double) s.errors() / s.requests();
                case LATENCY ->
                    s.latencyMs().isEmpty()
                        ? Double.NaN
                        : s.latencyMs().getValueAtQuantile(q) * scale;
              };
          if (Double.isFinite(v)) {
            out.put(minute, v);
          }
        });
    return out;
  }

  private static boolean matches(@Nullable String wanted, @Nullable String actual) {
    return wanted == null || wanted.equals(actual);
  }
}

package io.tollgate.ingest.testrun;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads JMeter CSV results ({@code .jtl}) by header name, since which columns exist depends on
 * JMeter's settings. {@code label}, {@code elapsed} and {@code success} are required. Per label it
 * keeps counts, errors and a DDSketch of elapsed times (1% relative accuracy), so a million samples
 * cost kilobytes.
 */
final class JMeterCsvParser {
  static final String TOTAL = "TOTAL";
  private static final double ACCURACY = 0.01;

  private final Limits limits;

  JMeterCsvParser(Limits limits) {
    this.limits = limits;
  }

  /** Per-minute sample counts kept for peaks, over all labels; past this the peak is unknown. */
  static final int MAX_MINUTES = 200_000;

  private static final class Label {
    final DDSketch sketch = DDSketches.unboundedDense(ACCURACY);
    final Map<Long, long[]> perMinute = new HashMap<>();
    long count;
    long errors;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void add(double elapsed, boolean ok) {
      count++;
      if (!ok) {
        errors++;
      }
      sum += elapsed;
      min = Math.min(min, elapsed);
      max = Math.max(max, elapsed);
      sketch.accept(Math.max(elapsed, 0.001));
    }
  }

  TestRun parse(InputStream in) throws TestRunParseException, IOException {
    Reader reader =
        new InputStreamReader(
            new BoundedInputStream(in, limits.maxBytes()), StandardCharsets.UTF_8);
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .get();
    Map<String, Label> labels = new LinkedHashMap<>();
    Label total = new Label();
    Map<List<String>, Long> failed = new LinkedHashMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int minutes = 0;
    boolean peaksComplete = true;
    try (CSVParser csv = CSVParser.parse(reader, format)) {
      Map<String, Integer> header = headerIndex(csv.getHeaderNames());
      for (String required : List.of("label", "elapsed", "success")) {
        if (!header.containsKey(required)) {
          throw new TestRunParseException(
              "the header has no '"
                  + required
                  + "' column (found: "
                  + String.join(",", csv.getHeaderNames())
                  + ")",
              1,
              0);
        }
      }
      for (CSVRecord r : csv) {
        int line = (int) r.getRecordNumber() + 1;
        String label = get(r, header, "label");
        double elapsed = number(r, header, "elapsed", line);
        boolean ok = Boolean.parseBoolean(get(r, header, "success"));
        if (!labels.containsKey(label) && labels.size() >= limits.maxCases()) {
          throw new TestRunParseException("more than " + limits.maxCases() + " labels", line, 0);
        }
        Label l = labels.computeIfAbsent(label, x -> new Label());
        l.add(elapsed, ok);
        total.add(elapsed, ok);
        if (header.containsKey("timestamp")) {
          long ts = (long) number(r, header, "timestamp", line);
          first = Math.min(first, ts);
          last = Math.max(last, ts + (long) elapsed);
          long minute = Math.floorDiv(ts, 60_000L);
          long[] n = l.perMinute.get(minute);
          if (n == null && minutes < MAX_MINUTES) {
            n = new long[1];
            l.perMinute.put(minute, n);
            minutes++;
          }
          if (n != null) {
            n[0]++;
          } else {
            peaksComplete = false;
          }
        }
        if (!ok) {
          String code = get(r, header, "responsecode");
          String message = get(r, header, "failuremessage");
          if (message.isEmpty()) {
            message = get(r, header, "responsemessage");
          }
          failed.merge(List.of(label, code, message), 1L, Long::sum);
        }
      }
    } catch (UncheckedIOException e) {
      // commons-csv wraps I/O and syntax errors (an unterminated quote) this way
      if (e.getCause() instanceof BoundedInputStream.LimitExceeded limit) {
        throw new TestRunParseException(limit.getMessage(), 0, 0);
      }
      throw new TestRunParseException("not valid CSV: " + e.getCause().getMessage(), 0, 0);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new TestRunParseException("not valid CSV: " + e.getMessage(), 1, 0);
    }
    if (total.count == 0) {
      throw new TestRunParseException("the file holds no samples", 2, 0);
    }
    Map<String, LoadMetric> metrics = new LinkedHashMap<>();
    List<TestCase> cases = new ArrayList<>();
    boolean peaks = peaksComplete && first <= last;
    labels.forEach(
        (name, l) -> {
          metrics.put("jmeter:" + name, metric("jmeter:" + name, l, peaks));
          cases.add(
              new TestCase(
                  "jmeter",
                  "",
                  name,
                  l.errors > 0 ? TestCase.Status.FAILED : TestCase.Status.PASSED,
                  l.sum / 1000.0,
                  l.errors > 0 ? "sampler" : "",
                  l.errors > 0 ? l.errors + " of " + l.count + " samples failed" : "",
                  "",
                  0,
                  l.count - l.errors,
                  l.errors));
        });
    metrics.put("jmeter:" + TOTAL, metric("jmeter:" + TOTAL, total, false));
    List<TestRun.Failure> failures = new ArrayList<>();
    failed.forEach(
        (k, n) ->
            failures.add(
                new TestRun.Failure(
                    "jmeter", k.get(0), k.get(1).isEmpty() ? "sampler" : k.get(1), k.get(2), n)));
    double duration = first == Long.MAX_VALUE ? Double.NaN : (last - first) / 1000.0;
    return new TestRun(TestRunFormat.JMETER_CSV, cases, metrics, List.of(), failures, duration);
  }

  /**
   * @param peaks whether every sample had a timestamp counted in its minute: then {@code
   *     peak_per_minute} is the busiest whole minute's count (the first and last minute of a run
   *     are partial, so they can only lower it)
   */
  private static LoadMetric metric(String name, Label l, boolean peaks) {
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("count", (double) l.count);
    if (peaks && !l.perMinute.isEmpty()) {
      long peak = 0;
      for (long[] n : l.perMinute.values()) {
        peak = Math.max(peak, n[0]);
      }
      stats.put("peak_per_minute", (double) peak);
    }
    stats.put("errors", (double) l.errors);
    stats.put("error_rate", (double) l.errors / l.count);
    stats.put("avg", l.sum / l.count);
    stats.put("min", l.min);
    stats.put("max", l.max);
    for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
      // a sketch's quantile can overshoot the true max by its relative error: clamp to the range
      double v = Math.min(l.max, Math.max(l.min, l.sketch.getValueAtQuantile(q)));
      stats.put("p(" + (int) Math.round(q * 100) + ")", v);
    }
    return new LoadMetric(name, "trend", stats);
  }

  private static Map<String, Integer> headerIndex(List<String> names) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.putIfAbsent(names.get(i).trim().toLowerCase(Locale.ROOT), i);
    }
    return index;
  }

  private static String get(CSVRecord r, Map<String, Integer> header, String column) {
    Integer i = header.get(column);
    return i == null || i >= r.size() ? "" : r.get(i);
  }

  private static double number(CSVRecord r, Map<String, Integer> header, String column, int line)
      throws TestRunParseException {
    String v = get(r, header, column);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new TestRunParseException(
          "'" + column + "' is not a number: '" + abbreviate(v) + "'",
          line,
          header.get(column) + 1);
    }
  }

  private static String abbreviate(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "…" : v;
  }
}

package io.tollgate.rules.observation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.parse.Issues;
import io.tollgate.rules.parse.YamlMap;
import io.tollgate.rules.parse.YamlTree;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads observations from JSON or YAML, for rule tests and golden files:
 *
 * <pre>{@code
 * {
 *   "error_rate": {"canary": {"requests": 10000, "errors": 200},
 *                  "baseline": {"requests": 10000, "errors": 100}},
 *   "latency":    {"canary": {"samples": [120, 130]}, "baseline": {"histogram":
 *                  {"bounds": [100, 200], "counts": [5, 3, 1]}}},
 *   "build_time": {"current": {"value": 300}, "history": [{"id": "r1", "outcome": "pass",
 *                  "value": 290, "pinned": true}]},
 *   "availability": {"windows": {"1h": {"requests": 1000, "errors": 3}}},
 *   "broken":     {"error": "prometheus returned 503"}
 * }
 * }</pre>
 *
 * A side may also give {@code "sketch": {"relativeAccuracy": 0.01, "samples": [...]}}, or its
 * counts and distributions interval by interval, which sequential tests need to know under which
 * canary/baseline split each error arrived:
 *
 * <pre>{@code
 * look: interim                                     # default final
 * expectedShares: [{from: 2026-01-01T00:00:00Z, share: 0.05}, {from: 2026-01-01T00:10:00Z, share: 0.25}]
 * error_rate:
 *   canary:   {intervals: [{start: 2026-01-01T00:00:00Z, requests: 100, errors: 1}, ...]}
 *   baseline: {intervals: [{start: 2026-01-01T00:00:00Z, requests: 1900, errors: 9}, ...]}
 * }</pre>
 *
 * An interval's {@code start} defaults to its index in minutes after 1970-01-01T00:00:00Z, and a
 * share's {@code from} may be such an index too; {@code expectedShare: 0.05} is a constant share.
 */
public final class ObservationsReader {
  /** Observation files may hold many samples: 20 MB of text. */
  public static final int MAX_CHARS = 20_000_000;

  private final Issues issues;

  private ObservationsReader(Issues issues) {
    this.issues = issues;
  }

  /** Reads a whole document; problems are recorded in {@code issues}. */
  public static Optional<Observations> read(String text, Issues issues) {
    return YamlTree.load(text, issues, MAX_CHARS).flatMap(n -> read(n, issues));
  }

  /** Reads an already loaded node (e.g. embedded in a rule-test file). */
  public static Optional<Observations> read(Node node, Issues issues) {
    try {
      return new ObservationsReader(issues).observations(node);
    } catch (IllegalArgumentException e) {
      issues.error(node, "invalid observations: " + e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<Observations> observations(Node node) {
    Optional<YamlMap> top = YamlMap.of(node, issues, "observations");
    if (top.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m = top.get();
    Map<String, SliObservation> slis = new LinkedHashMap<>();
    Look look = Look.FINAL;
    List<ExpectedShare> shares = new ArrayList<>();
    for (String key : m.keys()) {
      Node value = m.node(key).orElseThrow();
      // SLI names are lower case, and an SLI's observations are a mapping, so these never clash
      if (key.equals("look") && value instanceof ScalarNode) {
        look = m.enumValue("look", Look.class).orElse(Look.FINAL);
      } else if (key.equals("expectedShare")) {
        m.number("expectedShare")
            .flatMap(v -> share(m.at("expectedShare"), v))
            .ifPresent(v -> shares.add(new ExpectedShare(Instant.EPOCH, v)));
      } else if (key.equals("expectedShares")) {
        for (Node n : m.list("expectedShares")) {
          YamlMap.of(n, issues, "an expected share")
              .flatMap(this::expectedShare)
              .ifPresent(shares::add);
        }
      } else {
        m.map(key).flatMap(this::sli).ifPresent(o -> slis.put(key, o));
      }
    }
    return issues.hasErrors()
        ? Optional.empty()
        : Optional.of(new Observations(slis, look, shares));
  }

  private Optional<ExpectedShare> expectedShare(YamlMap m) {
    m.allowOnly("from", "share");
    Optional<Instant> from = m.has("from") ? instant(m, "from") : Optional.of(Instant.EPOCH);
    Optional<Double> share =
        m.has("share") ? m.number("share").flatMap(v -> share(m.at("share"), v)) : Optional.empty();
    if (!m.has("share")) {
      m.missing("share", "the canary's share of the requests, e.g. share: 0.05");
    }
    return from.isPresent() && share.isPresent()
        ? Optional.of(new ExpectedShare(from.get(), share.get()))
        : Optional.empty();
  }

  private Optional<Double> share(io.tollgate.rules.model.SourceLocation at, double v) {
    if (v > 0 && v < 1) {
      return Optional.of(v);
    }
    String hint =
        v > 1 && v < 100
            ? " (did you mean " + io.tollgate.rules.model.Numbers.format(v / 100) + "?)"
            : "";
    issues.error(
        at,
        "an expected canary share is between 0 and 1, got "
            + io.tollgate.rules.model.Numbers.format(v)
            + hint);
    return Optional.empty();
  }

  /** An ISO-8601 instant, or a whole number of minutes after the epoch (an interval index). */
  private Optional<Instant> instant(YamlMap m, String key) {
    Node n = m.node(key).orElseThrow();
    if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
      return m.integer(key).map(i -> Instant.EPOCH.plus(Duration.ofMinutes(i)));
    }
    Optional<String> text = m.string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text.get()));
    } catch (DateTimeParseException e) {
      issues.error(
          m.at(key),
          "'"
              + key
              + "' must be an instant like 2026-01-01T00:00:00Z or an interval index, got '"
              + Issues.shorten(text.get())
              + "'");
      return Optional.empty();
    }
  }

  private Optional<SliObservation> sli(YamlMap m) {
    m.allowOnly("canary", "baseline", "current", "history", "windows", "error");
    List<HistoryRun> history = new ArrayList<>();
    for (Node n : m.list("history")) {
      YamlMap.of(n, issues, "a history run").flatMap(this::run).ifPresent(history::add);
    }
    List<WindowCounts> windows = new ArrayList<>();
    m.map("windows")
        .ifPresent(
            w -> {
              for (String key : w.keys()) {
                Optional<Duration> d = Durations.parse(key);
                if (d.isEmpty()) {
                  issues.error(
                      w.keyNode(key).orElseThrow(),
                      "window '" + Issues.shorten(key) + "' is not a duration like 5m, 1h, 30d");
                  continue;
                }
                w.map(key)
                    .flatMap(this::counts)
                    .ifPresent(c -> windows.add(new WindowCounts(d.get(), c)));
              }
            });
    return Optional.of(
        new SliObservation(
            m.map("canary").flatMap(this::measurement),
            m.map("baseline").flatMap(this::measurement),
            m.map("current").flatMap(this::measurement),
            history,
            windows,
            m.string("error")));
  }

  private Optional<HistoryRun> run(YamlMap m) {
    m.allowOnly("id", "outcome", "value", "pinned", "excluded");
    Optional<String> id = m.requiredString("id", "each past run needs an id");
    Optional<Outcome> outcome =
        m.has("outcome") ? m.enumValue("outcome", Outcome.class) : Optional.of(Outcome.PASS);
    Optional<Double> value = m.number("value");
    if (!m.has("value")) {
      m.missing("value", "the SLI's value in that run");
    }
    boolean pinned = m.bool("pinned").orElse(false);
    boolean excluded = m.bool("excluded").orElse(false);
    if (pinned && excluded) {
      issues.error(m.at(), "a run cannot be both pinned and excluded");
      return Optional.empty();
    }
    if (id.isEmpty() || outcome.isEmpty() || value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HistoryRun(id.get(), outcome.get(), value.get(), pinned, excluded));
  }

  private Optional<Counts> counts(YamlMap m) {
    m.allowOnly("requests", "errors");
    return countsIn(m);
  }

  private Optional<Counts> countsIn(YamlMap m) {
    Optional<Long> total = m.integer("requests");
    Optional<Long> errors = m.integer("errors");
    if (total.isEmpty() || errors.isEmpty()) {
      if (!m.has("requests") || !m.has("errors")) {
        issues.error(m.at(), "counts need both 'requests' and 'errors'");
      }
      return Optional.empty();
    }
    if (total.get() < 0 || errors.get() < 0 || errors.get() > total.get()) {
      issues.error(
          m.at(), "need 0 <= errors <= requests, got " + errors.get() + " of " + total.get());
      return Optional.empty();
    }
    return Optional.of(new Counts(total.get(), errors.get()));
  }

  private Optional<Measurement> measurement(YamlMap m) {
    m.allowOnly("value", "requests", "errors", "samples", "histogram", "sketch", "intervals");
    if (m.has("intervals")) {
      return intervals(m);
    }
    OptionalDouble value = m.number("value").map(OptionalDouble::of).orElse(OptionalDouble.empty());
    Optional<Counts> counts = Optional.empty();
    if (m.has("requests") || m.has("errors")) {
      counts = countsIn(m);
    }
    Optional<Distribution> distribution = distribution(m);
    return Optional.of(new Measurement(value, counts, distribution));
  }

  /** A side given interval by interval; its totals are the intervals' sums and merges. */
  private Optional<Measurement> intervals(YamlMap m) {
    for (String k : List.of("requests", "errors", "samples", "histogram", "sketch")) {
      if (m.has(k)) {
        issues.error(
            m.at(k),
            "a side with 'intervals' takes its totals from them; move '"
                + k
                + "' into the intervals");
      }
    }
    List<Interval> out = new ArrayList<>();
    int index = 0;
    for (Node n : m.list("intervals")) {
      int i = index++;
      YamlMap.of(n, issues, "an interval").flatMap(im -> interval(im, i)).ifPresent(out::add);
    }
    if (out.isEmpty() && !issues.hasErrors()) {
      issues.error(m.at("intervals"), "'intervals' is empty");
    }
    if (issues.hasErrors()) {
      return Optional.empty();
    }
    Measurement whole = Measurement.ofIntervals(out);
    OptionalDouble value = m.number("value").map(OptionalDouble::of).orElse(OptionalDouble.empty());
    return Optional.of(new Measurement(value, whole.counts(), whole.distribution(), out));
  }

  private Optional<Interval> interval(YamlMap m, int index) {
    m.allowOnly("start", "requests", "errors", "samples", "histogram", "sketch");
    Optional<Instant> start =
        m.has("start")
            ? instant(m, "start")
            : Optional.of(Instant.EPOCH.plus(Duration.ofMinutes(index)));
    Optional<Counts> counts = Optional.empty();
    if (m.has("requests") || m.has("errors")) {
      counts = countsIn(m);
    }
    Optional<Distribution> distribution = distribution(m);
    if (start.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Interval(start.get(), counts, distribution));
  }

  private Optional<Distribution> distribution(YamlMap m) {
    int kinds =
        (m.has("samples") ? 1 : 0) + (m.has("histogram") ? 1 : 0) + (m.has("sketch") ? 1 : 0);
    if (kinds > 1) {
      issues.error(m.at(), "a side has at most one of samples, histogram, sketch");
    } else if (m.has("samples")) {
      return numbers(m, "samples").map(Samples::new);
    } else if (m.has("histogram")) {
      return m.map("histogram").flatMap(this::histogram);
    } else if (m.has("sketch")) {
      return m.map("sketch").flatMap(this::sketch);
    }
    return Optional.empty();
  }

  private Optional<Distribution> histogram(YamlMap h) {
    h.allowOnly("bounds", "counts");
    Optional<double[]> bounds = numbers(h, "bounds");
    Optional<double[]> counts = numbers(h, "counts");
    if (bounds.isEmpty() || counts.isEmpty()) {
      return Optional.empty();
    }
    long[] c = new long[counts.get().length];
    for (int i = 0; i < c.length; i++) {
      c[i] = (long) counts.get()[i];
    }
    try {
      return Optional.of(new Histogram(bounds.get(), c));
    } catch (IllegalArgumentException e) {
      issues.error(h.at(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<Distribution> sketch(YamlMap s) {
    s.allowOnly("relativeAccuracy", "samples");
    double accuracy = s.number("relativeAccuracy").orElse(0.01);
    if (!(accuracy > 0 && accuracy < 1)) {
      issues.error(s.at("relativeAccuracy"), "'relativeAccuracy' must be between 0 and 1");
      return Optional.empty();
    }
    return numbers(s, "samples")
        .map(
            values -> {
              DDSketch sketch = DDSketches.unboundedDense(accuracy);
              for (double v : values) {
                sketch.accept(v);
              }
              return new Sketch(sketch);
            });
  }

  private Optional<double[]> numbers(YamlMap m, String key) {
    Optional<Node> n = m.node(key);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (!(n.get() instanceof SequenceNode seq)) {
      issues.error(n.get(), "'" + key + "' must be a list of numbers");
      return Optional.empty();
    }
    double[] out = new double[seq.getValue().size()];
    int i = 0;
    for (Node item : seq.getValue()) {
      Optional<Double> v = m.number(item, key);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      out[i++] = v.get();
    }
    return Optional.of(out);
  }
}

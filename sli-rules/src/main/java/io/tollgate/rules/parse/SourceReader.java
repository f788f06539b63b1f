package io.tollgate.rules.parse;

import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Incidents;
import io.tollgate.rules.model.LoadParity;
import io.tollgate.rules.model.Metrics;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.PrometheusQuery;
import io.tollgate.rules.model.Scenarios;
import io.tollgate.rules.model.SliSource;
import io.tollgate.rules.model.TestRun;
import io.tollgate.rules.model.Traces;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads an SLI's {@code source}: exactly one of traces, metrics, prometheus, testrun, scenarios,
 * incidents or parity.
 */
final class SourceReader {
  private final Issues issues;

  SourceReader(Issues issues) {
    this.issues = issues;
  }

  Optional<SliSource> read(YamlMap source) {
    source.allowOnly(
        "traces", "metrics", "prometheus", "testrun", "scenarios", "incidents", "parity");
    var kinds = source.keys().stream().filter(k -> !k.isEmpty()).toList();
    if (kinds.size() != 1) {
      issues.error(
          source.at(),
          "a source has exactly one of traces, metrics, prometheus, testrun, scenarios,"
              + " incidents, parity; found "
              + (kinds.isEmpty() ? "none" : String.join(", ", kinds)));
      return Optional.empty();
    }
    String kind = kinds.get(0);
    return source
        .map(kind)
        .flatMap(
            m ->
                switch (kind) {
                  case "traces" -> traces(m);
                  case "metrics" -> metrics(m);
                  case "prometheus" -> prometheus(m);
                  case "testrun" -> testRun(m);
                  case "scenarios" -> scenarios(m);
                  case "incidents" -> incidents(m);
                  case "parity" -> new ParityReader(issues).read(m);
                  default -> Optional.empty();
                });
  }

  private Optional<SliSource> traces(YamlMap m) {
    m.allowOnly("service", "operation", "measure", "quantile", "filter", "traffic");
    Optional<String> service = m.requiredString("service", "e.g. 'service: $service'");
    Optional<Traces.Measure> measure =
        m.has("measure")
            ? m.enumValue("measure", Traces.Measure.class)
            : missing(m, "measure", "one of requests, error_ratio, latency");
    OptionalDouble q = quantile(m);
    if (service.isEmpty() || measure.isEmpty()) {
      return Optional.empty();
    }
    if (q.isPresent() && measure.get() != Traces.Measure.LATENCY) {
      issues.error(m.at("quantile"), "'quantile' only applies to 'measure: latency'");
    }
    return Optional.of(
        new Traces(
            service.get(),
            m.string("operation").orElse(""),
            measure.get(),
            q,
            m.stringMap("filter"),
            m.has("traffic")
                ? m.enumValue("traffic", Traces.Traffic.class).orElse(Traces.Traffic.USERS)
                : Traces.Traffic.USERS));
  }

  private Optional<SliSource> metrics(YamlMap m) {
    m.allowOnly("name", "attributes", "type", "quantile");
    Optional<String> name = m.requiredString("name", "the OTLP metric name");
    Optional<Metrics.Type> type =
        m.has("type")
            ? m.enumValue("type", Metrics.Type.class)
            : missing(m, "type", "one of counter, gauge, histogram");
    OptionalDouble q = quantile(m);
    if (name.isEmpty() || type.isEmpty()) {
      return Optional.empty();
    }
    if (q.isPresent() && type.get() != Metrics.Type.HISTOGRAM) {
      issues.error(m.at("quantile"), "'quantile' only applies to 'type: histogram'");
    }
    return Optional.of(new Metrics(name.get(), m.stringMap("attributes"), type.get(), q));
  }

  private Optional<SliSource> prometheus(YamlMap m) {
    m.allowOnly("query", "errors", "total");
    String query = m.string("query").orElse("");
    String errors = m.string("errors").orElse("");
    String total = m.string("total").orElse("");
    boolean scalar = !query.isBlank() && errors.isBlank() && total.isBlank();
    boolean counts = query.isBlank() && !errors.isBlank() && !total.isBlank();
    if (!scalar && !counts) {
      issues.error(
          m.at(),
          "a prometheus source has either 'query' (a value) or both 'errors' and 'total' (counts)");
      return Optional.empty();
    }
    return Optional.of(new PrometheusQuery(query, errors, total));
  }

  private Optional<SliSource> testRun(YamlMap m) {
    m.allowOnly(
        "measure", "metric", "stat", "label", "service", "environment", "window", "traffic");
    Optional<TestRun.Measure> measure =
        m.has("measure")
            ? m.enumValue("measure", TestRun.Measure.class)
            : missing(
                m,
                "measure",
                "one of pass_ratio, failed, flaky, duration, k6, jmeter, peak_ratio,"
                    + " operation_coverage");
    if (measure.isEmpty()) {
      return Optional.empty();
    }
    if (measure.get().isLoadParity()) {
      return loadParity(m, measure.get());
    }
    for (String key : new String[] {"service", "environment", "window", "traffic"}) {
      if (m.has(key)) {
        issues.error(
            m.at(key), "'" + key + "' only applies to 'measure: peak_ratio' or operation_coverage");
        return Optional.empty();
      }
    }
    String metric =
        m.string(measure.get() == TestRun.Measure.JMETER ? "label" : "metric").orElse("");
    String stat = m.string("stat").orElse("");
    if ((measure.get() == TestRun.Measure.K6 || measure.get() == TestRun.Measure.JMETER)
        && (metric.isEmpty() || stat.isEmpty())) {
      issues.error(
          m.at(),
          measure.get() == TestRun.Measure.K6
              ? "a k6 SLI needs 'metric' and 'stat', e.g. metric: http_req_duration, stat: p(95)"
              : "a jmeter SLI needs 'label' and 'stat', e.g. label: checkout, stat: p95");
      return Optional.empty();
    }
    return Optional.of(new TestRun(measure.get(), metric, stat));
  }

  /** {@code peak_ratio} and {@code operation_coverage}: the run against production traffic. */
  private Optional<SliSource> loadParity(YamlMap m, TestRun.Measure measure) {
    for (String key : new String[] {"metric", "stat", "label"}) {
      if (m.has(key)) {
        issues.error(
            m.at(key),
            "'" + key + "' does not apply to a load-parity measure: it reads every operation");
        return Optional.empty();
      }
    }
    Optional<String> service = m.requiredString("service", "e.g. 'service: $service'");
    String environment = m.string("environment").orElse(LoadParity.DEFAULT_ENVIRONMENT);
    Duration window = LoadParity.DEFAULT_WINDOW;
    if (m.has("window")) {
      Optional<Duration> w =
          m.string("window")
              .flatMap(Durations::parse)
              .filter(d -> d.compareTo(Duration.ofHours(1)) >= 0)
              .filter(d -> d.compareTo(Duration.ofDays(14)) <= 0);
      if (w.isEmpty()) {
        issues.error(m.at("window"), "'window' must be a duration from 1h to 14d, e.g. 7d");
        return Optional.empty();
      }
      window = w.get();
    }
    double traffic = LoadParity.DEFAULT_TRAFFIC;
    if (m.has("traffic")) {
      if (measure != TestRun.Measure.PEAK_RATIO) {
        issues.error(m.at("traffic"), "'traffic' only applies to 'measure: peak_ratio'");
        return Optional.empty();
      }
      Optional<Double> t = m.number("traffic");
      if (t.isEmpty() || !(t.get() > 0 && t.get() <= 1)) {
        String hint =
            t.isPresent() && t.get() > 1 && t.get() <= 100
                ? " (did you mean " + Numbers.format(t.get() / 100) + "?)"
                : "";
        issues.error(
            m.at("traffic"), "'traffic' must be a share of production requests, 0 to 1" + hint);
        return Optional.empty();
      }
      traffic = t.get();
    }
    if (environment.isBlank()) {
      issues.error(m.at("environment"), "'environment' must not be empty");
      return Optional.empty();
    }
    if (service.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new TestRun(measure, "", "", new LoadParity(service.get(), environment, window, traffic)));
  }

  private Optional<SliSource> scenarios(YamlMap m) {
    m.allowOnly("measure", "service", "olderThanDays");
    Optional<Scenarios.Measure> measure =
        m.has("measure")
            ? m.enumValue("measure", Scenarios.Measure.class)
            : missing(m, "measure", "one of new_in_canary, uncovered");
    Optional<String> service = m.requiredString("service", "e.g. 'service: $service'");
    Optional<Double> days = m.number("olderThanDays");
    if (measure.isEmpty() || service.isEmpty()) {
      return Optional.empty();
    }
    if (days.isPresent()) {
      double d = days.get();
      if (measure.get() != Scenarios.Measure.UNCOVERED) {
        issues.error(m.at("olderThanDays"), "'olderThanDays' only applies to 'measure: uncovered'");
        return Optional.empty();
      }
      if (!(d >= 0) || d != Math.rint(d) || d > 3650) {
        issues.error(
            m.at("olderThanDays"), "'olderThanDays' must be a whole number of days, 0 to 3650");
        return Optional.empty();
      }
    }
    return Optional.of(
        new Scenarios(measure.get(), service.get(), days.map(Double::intValue).orElse(0)));
  }

  private Optional<SliSource> incidents(YamlMap m) {
    m.allowOnly("measure", "service", "withinDays");
    Optional<Incidents.Measure> measure =
        m.has("measure")
            ? m.enumValue("measure", Incidents.Measure.class)
            : missing(m, "measure", "one of uncovered, failure_modes");
    Optional<String> service = m.requiredString("service", "e.g. 'service: $service'");
    Optional<Double> days = m.number("withinDays");
    if (days.isPresent()) {
      double d = days.get();
      if (!(d >= 1) || d != Math.rint(d) || d > 3650) {
        issues.error(m.at("withinDays"), "'withinDays' must be a whole number of days, 1 to 3650");
        return Optional.empty();
      }
    }
    if (measure.isEmpty() || service.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Incidents(measure.get(), service.get(), days.map(Double::intValue).orElse(0)));
  }

  private OptionalDouble quantile(YamlMap m) {
    Optional<Double> q = m.number("quantile");
    if (q.isEmpty()) {
      return OptionalDouble.empty();
    }
    double v = q.get();
    if (!(v > 0 && v < 1)) {
      String hint = v > 1 && v < 100 ? " (did you mean " + Numbers.format(v / 100) + "?)" : "";
      issues.error(
          m.at("quantile"), "'quantile' must be between 0 and 1, got " + Numbers.format(v) + hint);
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(v);
  }

  private static <T> Optional<T> missing(YamlMap m, String key, String why) {
    m.missing(key, why);
    return Optional.empty();
  }
}

package io.tollgate.gate.evaluation;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.tollgate.ingest.prometheus.PrometheusAuth;
import io.tollgate.ingest.prometheus.PrometheusClient;
import io.tollgate.ingest.prometheus.PrometheusConfig;
import io.tollgate.ingest.prometheus.PrometheusQueryException;
import io.tollgate.ingest.prometheus.QueryResult;
import io.tollgate.rules.model.PrometheusQuery;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.observation.Counts;
import io.tollgate.rules.observation.Interval;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import io.tollgate.rules.template.Template;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Reads {@code prometheus} SLIs: the template is filled per side ({@code $service}, {@code
 * $version}, {@code $environment}, {@code $track}, {@code $window}, gate and request variables)
 * with values escaped so none can change the query, then evaluated as an instant query at the
 * window's end. Empty, NaN and infinite results are no data; a failing server makes the SLI an
 * error. Without {@code tollgate.prometheus.url} every such SLI is an error saying so.
 *
 * <p>{@code errors}/{@code total} queries that use {@code $window} are also read per interval
 * ({@link ObservationContext#interval()}): a range query with {@code $window} set to the interval
 * and the step equal to it, so each point is that interval's errors and total and the judge's
 * sequential tests see when errors happened and under which split. Values stay real numbers.
 */
@Singleton
class PrometheusSource implements ObservationSource<PrometheusQuery> {

  private final PrometheusClient client;

  PrometheusSource(
      @Nullable @Value("${tollgate.prometheus.url:}") String url,
      @Nullable @Value("${tollgate.prometheus.bearer-token:}") String bearer,
      @Nullable @Value("${tollgate.prometheus.username:}") String username,
      @Nullable @Value("${tollgate.prometheus.password:}") String password,
      @Value("${tollgate.prometheus.timeout:10s}") Duration timeout,
      @Value("${tollgate.prometheus.max-parallel:4}") int maxParallel) {
    if (url == null || url.isBlank()) {
      this.client = null;
      return;
    }
    PrometheusAuth auth =
        bearer != null && !bearer.isBlank()
            ? new PrometheusAuth.Bearer(bearer)
            : username != null && !username.isBlank()
                ? new PrometheusAuth.Basic(username, password == null ? "" : password)
                : PrometheusAuth.NONE;
    this.client =
        new PrometheusClient(
            PrometheusConfig.of(URI.create(url.endsWith("/") ? url : url + "/"))
                .withTimeout(timeout)
                .withMaxParallel(Math.max(1, maxParallel))
                .withAuth(auth));
  }

  @Override
  public Class<PrometheusQuery> type() {
    return PrometheusQuery.class;
  }

  @Override
  public SliObservation observe(PrometheusQuery p, Sli sli, ObservationContext c)
      throws SourceException {
    ObservationContext.Sides s = c.sides();
    if (s.canaryAnalysis()) {
      return c.pair(
          sli,
          withIntervals(p, s.canary(), c, read(p, s.canary(), c, c.asked())),
          withIntervals(p, s.baseline(), c, read(p, s.baseline(), c, c.asked())));
    }
    Side target = s.target();
    return c.single(
        sli,
        withIntervals(p, target, c, read(p, target, c, c.asked())),
        c.budgetWindows(
            sli,
            w ->
                read(p, target, c.window(c.to().minus(w), c.to()), new LinkedHashMap<>())
                    .flatMap(Measurement::counts)));
  }

  /**
   * One side's value. The step's deadline bounds it: a query is not started once it passed, and the
   * builder interrupts a source that runs past it, which ends the client's retries and waits.
   */
  Optional<Measurement> read(
      PrometheusQuery q, Side side, ObservationContext scope, Map<String, String> asked)
      throws SourceException {
    Map<String, String> vars = new LinkedHashMap<>(scope.variables(side));
    Duration window = Duration.between(scope.from(), scope.to());
    vars.putIfAbsent("window", Math.max(1, window.toSeconds()) + "s");
    boolean counts = q.query().isEmpty();
    String value = counts ? null : render(q.query(), vars);
    String errors = counts ? render(q.errorsQuery(), vars) : null;
    String total = counts ? render(q.totalQuery(), vars) : null;
    asked.put(side.name(), counts ? "errors: " + errors + " | total: " + total : value);
    if (client == null) {
      throw new SourceException("no Prometheus server is configured (tollgate.prometheus.url)");
    }
    Instant at = scope.to();
    if (!counts) {
      return scalar(value, at, scope.deadline()).map(Measurement::ofValue);
    }
    Optional<Double> e = scalar(errors, at, scope.deadline());
    Optional<Double> t = scalar(total, at, scope.deadline());
    if (e.isEmpty() || t.isEmpty()) {
      return Optional.empty();
    }
    // real numbers, not rounded: rate() gives per-second values (0.05 of 1 must stay 5 %)
    return Counts.fromQuery(t.get(), e.get())
        .map(c -> new Measurement(OptionalDouble.empty(), Optional.of(c), Optional.empty()));
  }

  /**
   * The side's totals with its errors and total per interval added, when the queries are counts
   * that use {@code $window} (with a fixed range every point would count that whole range, and
   * overlapping intervals would count errors several times).
   */
  Optional<Measurement> withIntervals(
      PrometheusQuery q, Side side, ObservationContext scope, Optional<Measurement> totals)
      throws SourceException {
    if (totals.isEmpty() || totals.get().counts().isEmpty() || !perInterval(q)) {
      return totals;
    }
    Duration step = scope.interval();
    Map<String, String> vars = new LinkedHashMap<>(scope.variables(side));
    vars.put("window", step.toSeconds() + "s");
    String errors = render(q.errorsQuery(), vars);
    String total = render(q.totalQuery(), vars);
    // a point at t covers (t - step, t]; points fall on multiples of the step, and the first
    // covers the first whole interval from the window's start
    long ms = step.toMillis();
    Instant first =
        Instant.ofEpochMilli(-Math.floorDiv(-scope.from().toEpochMilli(), ms) * ms + ms);
    if (first.isAfter(scope.to())) {
      return totals;
    }
    Map<Instant, Double> e = series(errors, first, scope.to(), step, scope.deadline());
    Map<Instant, Double> t = series(total, first, scope.to(), step, scope.deadline());
    List<Interval> intervals = new ArrayList<>();
    for (Map.Entry<Instant, Double> point : t.entrySet()) {
      Double err = e.get(point.getKey());
      if (err == null) {
        continue;
      }
      Counts.fromQuery(point.getValue(), err)
          .ifPresent(
              c ->
                  intervals.add(
                      new Interval(point.getKey().minus(step), Optional.of(c), Optional.empty())));
    }
    Measurement m = totals.get();
    // the totals stay the instant query's over the whole window: a sum of per-interval rate()
    // values is no rate, and Measurement.ofIntervals would sum rounded counts
    return Optional.of(new Measurement(m.value(), m.counts(), m.distribution(), intervals));
  }

  static boolean perInterval(PrometheusQuery q) {
    return q.query().isEmpty()
        && Template.parse(q.errorsQuery()).names().contains("window")
        && Template.parse(q.totalQuery()).names().contains("window");
  }

  private Map<Instant, Double> series(
      String promql, Instant from, Instant to, Duration step, Deadline deadline)
      throws SourceException {
    if (deadline.passed()) {
      throw new SourceException("the step's deadline passed before the query " + promql);
    }
    QueryResult r;
    try {
      r = client.queryRange(promql, from, to, step);
    } catch (PrometheusQueryException e) {
      throw new SourceException("Prometheus: " + e.getMessage(), e);
    }
    Map<Instant, Double> out = new TreeMap<>();
    if (r instanceof QueryResult.Data data) {
      if (data.series().size() > 1) {
        throw new SourceException(
            "the query returned "
                + data.series().size()
                + " series; aggregate it to one (sum, avg, max ...): "
                + promql);
      }
      for (QueryResult.Series s : data.series()) {
        for (QueryResult.Sample sample : s.samples()) {
          out.put(sample.time(), sample.value());
        }
      }
    }
    return out;
  }

  private Optional<Double> scalar(String promql, Instant at, Deadline deadline)
      throws SourceException {
    if (deadline.passed()) {
      throw new SourceException("the step's deadline passed before the query " + promql);
    }
    QueryResult r;
    try {
      r = client.query(promql, at);
    } catch (PrometheusQueryException e) {
      throw new SourceException("Prometheus: " + e.getMessage(), e);
    }
    if (r instanceof QueryResult.Data data) {
      if (data.series().size() != 1 || data.series().get(0).samples().isEmpty()) {
        throw new SourceException(
            "the query returned "
                + data.series().size()
                + " series; aggregate it to one (sum, avg, max ...): "
                + promql);
      }
      var samples = data.series().get(0).samples();
      return Optional.of(samples.get(samples.size() - 1).value());
    }
    return Optional.empty();
  }

  static String render(String template, Map<String, String> vars) throws SourceException {
    return Templates.fillPromQl(template, vars);
  }
}

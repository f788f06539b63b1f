package io.tollgate.gate.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.rules.eval.CriterionResult;
import io.tollgate.rules.eval.Evidence;
import io.tollgate.rules.eval.GateResult;
import io.tollgate.rules.eval.SampleRatio;
import io.tollgate.rules.eval.SliResult;
import io.tollgate.rules.eval.TrajectoryPoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The full account of a decision, stored with the evaluation: the window, and per SLI the resolved
 * source queries, values per side, statistics and the one-line reason of every criterion.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record Decision(
    Instant windowStart, Instant windowEnd, List<Sli> slis, @Nullable SampleRatioView sampleRatio) {

  Decision(Instant windowStart, Instant windowEnd, List<Sli> slis) {
    this(windowStart, windowEnd, slis, null);
  }

  /** The sample-ratio check: the canary's observed and expected share of the requests. */
  @Serdeable
  record SampleRatioView(
      String sli,
      double observedShare,
      double expectedShare,
      double eValue,
      double threshold,
      long canaryRequests,
      long totalRequests,
      boolean mismatch,
      String text) {
    static SampleRatioView of(SampleRatio r) {
      return new SampleRatioView(
          r.sli(),
          r.observedShare(),
          r.expectedShare(),
          Double.isFinite(r.eValue()) ? r.eValue() : Double.MAX_VALUE,
          r.threshold(),
          r.canaryRequests(),
          r.totalRequests(),
          r.mismatch(),
          r.describe());
    }
  }

  /** One point of a sequential test's evidence over the window (natural-log e-values). */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Point(
      Instant time,
      long canaryRequests,
      double canaryShare,
      @Nullable Double lnFailE,
      @Nullable Double lnFailBoundary,
      @Nullable Double lnPassE,
      @Nullable Double lnPassBoundary) {
    static Point of(TrajectoryPoint p) {
      return new Point(
          p.time(),
          p.canaryRequests(),
          p.canaryShare(),
          finite(p.lnFailE()),
          finite(p.lnFailBoundary()),
          finite(p.lnPassE()),
          finite(p.lnPassBoundary()));
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Sli(
      String name,
      String outcome,
      String reason,
      @Nullable Double value,
      String unit,
      String direction,
      Source source,
      List<Criterion> criteria) {}

  /**
   * Where the numbers came from: the source kind and, per side, what was asked of it; for a traces
   * SLI of user traffic, how many test requests its window held and it left out.
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Source(
      String kind,
      Map<String, String> queries,
      @Nullable String error,
      @Nullable Long excludedTestRequests) {

    @io.micronaut.core.annotation.Creator
    Source {}

    /** From what a source recorded; the test requests left out are taken out of the queries. */
    Source(String kind, Map<String, String> asked, @Nullable String error) {
      this(kind, withoutExcluded(asked), error, excluded(asked));
    }

    private static Map<String, String> withoutExcluded(Map<String, String> asked) {
      Map<String, String> out = new java.util.LinkedHashMap<>(asked);
      out.remove(TrafficSplit.EXCLUDED);
      return out;
    }

    @Nullable
    private static Long excluded(Map<String, String> asked) {
      String n = asked.get(TrafficSplit.EXCLUDED);
      return n == null ? null : Long.valueOf(n);
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Criterion(
      String kind,
      String outcome,
      String reason,
      double weight,
      boolean key,
      boolean ignored,
      Map<String, Double> values,
      @Nullable String thresholds,
      @Nullable Double statistic,
      @Nullable Double pValue,
      @Nullable Double ciLow,
      @Nullable Double ciHigh,
      @Nullable Double effect,
      Map<String, Double> samples,
      @Nullable Long samplesNeeded,
      int line,
      @Nullable List<Point> trajectory) {

    static Criterion of(CriterionResult c) {
      Evidence e = c.evidence();
      return new Criterion(
          c.kind(),
          c.outcome().name(),
          c.reason(),
          c.weight(),
          c.key(),
          c.ignored(),
          finite(e.values()),
          e.thresholds().isEmpty() ? null : e.thresholds(),
          box(e.statistic()),
          box(e.pValue()),
          box(e.ciLow()),
          box(e.ciHigh()),
          box(e.effect()),
          finite(e.samples()),
          box(e.samplesNeeded()),
          c.at().line(),
          e.trajectory().isEmpty() ? null : e.trajectory().stream().map(Point::of).toList());
    }
  }

  static Decision of(
      GateResult result,
      Instant windowStart,
      Instant windowEnd,
      Map<String, Source> sources,
      Map<String, io.tollgate.rules.model.Sli> slis) {
    List<Sli> out =
        result.slis().stream()
            .map(
                (SliResult s) -> {
                  var model = slis.get(s.sli());
                  return new Sli(
                      s.sli(),
                      s.outcome().name(),
                      s.reason(),
                      box(s.value()),
                      model == null ? "" : model.unit(),
                      model == null
                          ? ""
                          : model.direction().name().toLowerCase(java.util.Locale.ROOT),
                      sources.getOrDefault(s.sli(), new Source("unknown", Map.of(), null)),
                      s.criteria().stream().map(Criterion::of).toList());
                })
            .toList();
    return new Decision(
        windowStart, windowEnd, out, result.sampleRatio().map(SampleRatioView::of).orElse(null));
  }

  private static Map<String, Double> finite(Map<String, Double> m) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (v != null && Double.isFinite(v)) {
            out.put(k, v);
          }
        });
    return out;
  }

  @Nullable
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  @Nullable
  static Double box(OptionalDouble d) {
    return d.isPresent() && Double.isFinite(d.getAsDouble()) ? d.getAsDouble() : null;
  }

  @Nullable
  static Long box(OptionalLong d) {
    return d.isPresent() ? d.getAsLong() : null;
  }
}

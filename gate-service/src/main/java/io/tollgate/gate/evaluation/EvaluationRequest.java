package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a pipeline asks to evaluate.
 *
 * <p>Sides are label selectors over the ingest dimensions ({@code service}, {@code version}, {@code
 * environment}, {@code track}); their values also fill {@code $service}, {@code $version} and
 * {@code $track} in PromQL templates. Canary analysis gives {@code canary} and {@code baseline}; a
 * test run or a production check gives {@code target} and/or {@code testRuns}.
 *
 * @param gate the gate's name
 * @param gateVersion a pinned version, or null for the latest
 * @param start window start (with {@code end}); or use {@code lookback}
 * @param lookback a window ending now, e.g. {@code 30m}
 * @param continuous re-evaluate every interval until decided or the maximum duration passes
 * @param variables extra template variables
 * @param context pipeline, buildUrl, commit, image, rollout: recorded with the decision
 * @param idempotencyKey the same key returns the same evaluation (also the Idempotency-Key header)
 */
@Serdeable
public record EvaluationRequest(
    @NotBlank @Size(max = 200) String gate,
    @Nullable Integer gateVersion,
    @Nullable Map<String, String> canary,
    @Nullable Map<String, String> baseline,
    @Nullable Map<String, String> target,
    @Nullable Instant start,
    @Nullable Instant end,
    @Nullable String lookback,
    @Nullable Continuous continuous,
    @Nullable List<Long> testRuns,
    @Nullable Map<String, String> variables,
    @Nullable Map<String, String> context,
    @Nullable @Size(max = 200) String idempotencyKey) {

  /**
   * @param interval how often to re-evaluate, e.g. {@code 30s}
   * @param maxDuration when to stop and decide with what is known, e.g. {@code 15m}
   * @param stopOnPass stop as soon as the gate passes (default true); FAIL always stops
   */
  @Serdeable
  public record Continuous(String interval, String maxDuration, @Nullable Boolean stopOnPass) {}

  Map<String, String> canaryOrEmpty() {
    return canary == null ? Map.of() : canary;
  }

  Map<String, String> baselineOrEmpty() {
    return baseline == null ? Map.of() : baseline;
  }

  Map<String, String> targetOrEmpty() {
    return target == null ? Map.of() : target;
  }

  List<Long> testRunsOrEmpty() {
    return testRuns == null ? List.of() : testRuns;
  }

  Map<String, String> contextOrEmpty() {
    return context == null ? Map.of() : context;
  }

  /** The service judged: the canary's, else the target's, else the context's. */
  @Nullable
  String service() {
    return first("service");
  }

  @Nullable
  String version() {
    return first("version");
  }

  @Nullable
  private String first(String key) {
    for (Map<String, String> m : List.of(canaryOrEmpty(), targetOrEmpty(), contextOrEmpty())) {
      String v = m.get(key);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  EvaluationRequest withWindow(Instant start, Instant end) {
    return new EvaluationRequest(
        gate,
        gateVersion,
        canary,
        baseline,
        target,
        start,
        end,
        lookback,
        continuous,
        testRuns,
        variables,
        context,
        idempotencyKey);
  }

  /**
   * The request as the idempotency check compares it: without the key, maps sorted by key, so the
   * same request sent with fields in another order hashes the same.
   */
  EvaluationRequest canonical() {
    return new EvaluationRequest(
        gate,
        gateVersion,
        sorted(canary),
        sorted(baseline),
        sorted(target),
        start,
        end,
        lookback,
        continuous,
        testRuns,
        sorted(variables),
        sorted(context),
        null);
  }

  @Nullable
  private static Map<String, String> sorted(@Nullable Map<String, String> m) {
    return m == null ? null : new java.util.TreeMap<>(m);
  }

  public EvaluationRequest withIdempotencyKey(String key) {
    return new EvaluationRequest(
        gate,
        gateVersion,
        canary,
        baseline,
        target,
        start,
        end,
        lookback,
        continuous,
        testRuns,
        variables,
        context,
        key);
  }
}

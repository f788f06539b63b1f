package io.tollgate.rules.parse;

import io.tollgate.rules.model.Criterion;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Statistical;
import java.util.Optional;

/** Reads a {@code statistical} criterion: the test and its confidence, effect and sample sizes. */
final class StatisticalReader {
  /** Default minimum samples per side for each test when the rule does not say. */
  static long defaultMinSamples(Statistical.Test test, double quantile) {
    return switch (test) {
      case TWO_PROPORTION -> 1000;
      case SEQUENTIAL_PROPORTION -> 100;
      case MANN_WHITNEY -> 50;
      case QUANTILE -> Math.max(100, (long) Math.ceil(20 / (1 - quantile) - 1e-9));
      case SEQUENTIAL_QUANTILE -> 1;
    };
  }

  /**
   * Default relative {@code minEffect} of {@code sequential_quantile}: a canary 2 % slower sits on
   * the boundary of "no regression"; the e-process is conservative there (it fails about 1-2 % of
   * such canaries in simulation).
   */
  static final double SEQUENTIAL_MIN_EFFECT = 0.02;

  /**
   * Default relative {@code minEffect} of the fixed-sample latency tests ({@code mann_whitney},
   * {@code quantile}): they are exact at their boundary, so it sits above 2 % to keep a 2 % offset
   * clearly inside "no regression".
   */
  static final double FIXED_MIN_EFFECT = 0.03;

  /**
   * Default relative {@code tolerance} of the latency tests: they pass once a regression of 10 % or
   * more is ruled out.
   */
  static final double LATENCY_TOLERANCE = 0.10;

  static boolean latency(Statistical.Test test) {
    return test == Statistical.Test.MANN_WHITNEY
        || test == Statistical.Test.QUANTILE
        || test == Statistical.Test.SEQUENTIAL_QUANTILE;
  }

  private final Issues issues;

  StatisticalReader(Issues issues) {
    this.issues = issues;
  }

  Optional<Criterion> read(YamlMap m) {
    m.allowOnly(
        "test",
        "confidence",
        "minEffect",
        "minSamples",
        "quantile",
        "maxSamples",
        "tolerance",
        "expectedEffect");
    if (!m.has("test")) {
      m.missing(
          "test",
          "one of two_proportion, mann_whitney, quantile, sequential_proportion,"
              + " sequential_quantile");
      return Optional.empty();
    }
    Optional<Statistical.Test> test = m.enumValue("test", Statistical.Test.class);
    double confidence = m.number("confidence").orElse(Statistical.DEFAULT_CONFIDENCE);
    boolean ok = test.isPresent();
    if (!(confidence > 0.5 && confidence < 1)) {
      String hint =
          confidence > 50 && confidence < 100
              ? " (did you mean " + Numbers.format(confidence / 100) + "?)"
              : "";
      issues.error(
          m.at("confidence"),
          "'confidence' must be between 0.5 and 1, got " + Numbers.format(confidence) + hint);
      ok = false;
    }
    boolean latency = test.isPresent() && latency(test.get());
    double minEffect =
        m.number("minEffect")
            .orElse(
                !latency
                    ? 0.0
                    : test.get() == Statistical.Test.SEQUENTIAL_QUANTILE
                        ? SEQUENTIAL_MIN_EFFECT
                        : FIXED_MIN_EFFECT);
    if (minEffect < 0) {
      issues.error(m.at("minEffect"), "'minEffect' is a relative effect and must be >= 0");
      ok = false;
    }
    double quantile = m.number("quantile").orElse(0.0);
    boolean needsQuantile =
        test.orElse(null) == Statistical.Test.QUANTILE
            || (test.orElse(null) == Statistical.Test.SEQUENTIAL_QUANTILE && m.has("quantile"));
    if (needsQuantile && !(quantile > 0 && quantile < 1)) {
      String hint =
          quantile > 1 && quantile < 100
              ? " (did you mean " + Numbers.format(quantile / 100) + "?)"
              : "";
      issues.error(
          m.has("quantile") ? m.at("quantile") : m.at(),
          "a quantile test needs 'quantile' between 0 and 1, got "
              + Numbers.format(quantile)
              + hint);
      ok = false;
    }
    if (!ok) {
      return Optional.empty();
    }
    long minSamples =
        m.integer("minSamples").orElse(defaultMinSamples(test.get(), Math.max(quantile, 0.5)));
    if (minSamples < 1) {
      issues.error(m.at("minSamples"), "'minSamples' must be >= 1");
      return Optional.empty();
    }
    long maxSamples = m.integer("maxSamples").orElse(Math.max(minSamples, 20_000L));
    if (maxSamples < minSamples) {
      issues.error(
          m.at("maxSamples"),
          "'maxSamples' (" + maxSamples + ") must be >= minSamples (" + minSamples + ")");
      return Optional.empty();
    }
    double tolerance =
        m.number("tolerance").orElse(latency ? Math.max(LATENCY_TOLERANCE, 2 * minEffect) : 0.0);
    if (m.has("tolerance")) {
      if (!(tolerance > minEffect)) {
        issues.error(
            m.at("tolerance"),
            "'tolerance' must be above minEffect ("
                + Numbers.format(minEffect)
                + "): it is the relative regression a canary must be shown to stay below to pass,"
                + (latency ? " e.g. tolerance: 0.1" : " e.g. tolerance: 0.5"));
        return Optional.empty();
      }
    }
    double expectedEffect = m.number("expectedEffect").orElse(0.0);
    if (m.has("expectedEffect")) {
      if (test.get() != Statistical.Test.SEQUENTIAL_PROPORTION) {
        issues.error(
            m.at("expectedEffect"),
            "'expectedEffect' tunes the mixing prior of sequential_proportion only");
        return Optional.empty();
      }
      if (!(expectedEffect > minEffect && Double.isFinite(expectedEffect))) {
        issues.error(
            m.at("expectedEffect"),
            "'expectedEffect' must be above minEffect ("
                + Numbers.format(minEffect)
                + "): the rate increase the test is tuned to find, e.g. expectedEffect: 1.0 for"
                + " twice the baseline's error rate");
        return Optional.empty();
      }
    }
    return Optional.of(
        new Statistical(
            test.get(),
            confidence,
            minEffect,
            minSamples,
            quantile,
            maxSamples,
            tolerance,
            expectedEffect));
  }
}

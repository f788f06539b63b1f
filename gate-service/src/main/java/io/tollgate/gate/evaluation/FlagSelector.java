package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.telemetry.store.FlagQuery;
import io.tollgate.telemetry.store.SpanQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A side's feature-flag selector: the label {@code flag.<key>} with a variant as its value, e.g.
 * {@code flag.new-checkout: on}. A side with one reads the spans served with that variant (ingest's
 * per-variant series) instead of all spans of its service, version, environment and track.
 *
 * <pre>{@code
 * "canary":   {"service": "checkout", "version": "1.4.0", "flag.new-checkout": "on"},
 * "baseline": {"service": "checkout", "version": "1.4.0", "flag.new-checkout": "off"}
 * }</pre>
 *
 * @param flag the flag key
 * @param variant the variant
 */
record FlagSelector(String flag, String variant) {
  static final String PREFIX = "flag.";

  /** The side's flag selector, if it has one (checked by {@link #check} when the request came). */
  static Optional<FlagSelector> of(Side side) {
    return of(side.labels());
  }

  private static Optional<FlagSelector> of(Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (e.getKey().startsWith(PREFIX)) {
        return Optional.of(new FlagSelector(e.getKey().substring(PREFIX.length()), e.getValue()));
      }
    }
    return Optional.empty();
  }

  /**
   * Refuses a source that cannot tell feature-flag variants apart when a side selects one: its two
   * sides would read the same data.
   */
  static void requireSupport(
      ObservationSource<?> source, String kind, ObservationContext.Sides sides)
      throws SourceException {
    if (source.supportsFlagSelectors()) {
      return;
    }
    for (Side side : List.of(sides.canary(), sides.baseline(), sides.target())) {
      if (of(side).isPresent()) {
        throw new SourceException(
            "a "
                + kind
                + " SLI cannot tell feature-flag variants apart ("
                + PREFIX
                + of(side).get().flag()
                + " on the "
                + side.name()
                + "): only traces and scenarios SLIs read per variant");
      }
    }
  }

  FlagQuery query(SpanQuery spans) {
    return FlagQuery.of(spans, flag, variant);
  }

  /** How the selector reads in a decision's evidence. */
  String describe() {
    return " " + PREFIX + flag + "=" + variant;
  }

  /**
   * The flag selectors of a request, checked: at most one per side, a key and a variant each, and
   * canary and baseline select two variants of the same flag (or neither selects one).
   *
   * @throws io.tollgate.gate.api.ProblemException 400 naming the selector that is wrong
   */
  static void check(EvaluationRequest r) {
    FlagSelector canary = side("canary", r.canary());
    FlagSelector baseline = side("baseline", r.baseline());
    side("target", r.target());
    if ((canary == null) != (baseline == null)) {
      String with = canary != null ? "canary" : "baseline";
      String without = canary != null ? "baseline" : "canary";
      throw RequestLimits.invalid(
          "/" + without,
          "the "
              + with
              + " selects a feature-flag variant ("
              + PREFIX
              + (canary != null ? canary : baseline).flag()
              + "), so the "
              + without
              + " must select another variant of the same flag");
    }
    if (canary == null) {
      return;
    }
    if (!canary.flag().equals(baseline.flag())) {
      throw RequestLimits.invalid(
          "/baseline",
          "canary and baseline must select variants of the same flag, not "
              + PREFIX
              + canary.flag()
              + " and "
              + PREFIX
              + baseline.flag());
    }
    if (canary.variant().equals(baseline.variant())) {
      throw RequestLimits.invalid(
          "/baseline/" + pointer(PREFIX + baseline.flag()),
          "canary and baseline select the same variant '"
              + canary.variant()
              + "': compare two different variants");
    }
  }

  @Nullable
  private static FlagSelector side(String field, @Nullable Map<String, String> labels) {
    if (labels == null) {
      return null;
    }
    FlagSelector found = null;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      if (key.equals("flag")) {
        throw RequestLimits.invalid(
            "/" + field + "/flag", "name the flag in the key: flag.<flag key>: <variant>");
      }
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String at = "/" + field + "/" + pointer(key);
      if (key.length() == PREFIX.length() || key.substring(PREFIX.length()).isBlank()) {
        throw RequestLimits.invalid(at, "a flag selector names its flag: flag.<flag key>");
      }
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw RequestLimits.invalid(at, "a flag selector needs a variant, e.g. on");
      }
      if (found != null) {
        throw RequestLimits.invalid(
            at,
            "a side selects one feature-flag variant; "
                + PREFIX
                + found.flag()
                + " is already selected");
      }
      found = new FlagSelector(key.substring(PREFIX.length()), e.getValue());
    }
    return found;
  }

  private static String pointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}

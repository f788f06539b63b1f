package io.tollgate.rules.model;

import java.util.OptionalDouble;

/**
 * Where an SLI's values come from. The judge never queries a source itself: the gate-service
 * resolves the source per side and hands the numbers over as observations.
 */
public sealed interface SliSource
    permits Traces, Metrics, PrometheusQuery, TestRun, Scenarios, Incidents, Parity {

  /** The source kind as written in YAML. */
  String kind();

  /** What the observed data means. */
  ValueKind valueKind();

  /** The quantile (0..1) a distribution is reduced to; empty means the mean. */
  OptionalDouble quantile();

  /**
   * The fields filled from template variables, keyed by where they are written under the source's
   * kind ({@code service}, {@code attributes.region}, {@code errors}), in the order written. The
   * checker reports an unknown {@code $variable} in any of them; a field not listed is used as
   * written.
   */
  default java.util.Map<String, String> templates() {
    return java.util.Map.of();
  }
}

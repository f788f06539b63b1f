package io.tollgate.gate.scenarios;

import java.util.Locale;

/**
 * How a test was linked to a scenario's operation: by its own spans ({@code TRACE}: the spans it
 * sent carried its test run and case), by a mapping rule, or by a label that reads like an
 * operation (k6 checks, JMeter samplers named {@code POST /checkout}).
 */
public enum CoverageLink {
  TRACE,
  RULE,
  LABEL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}

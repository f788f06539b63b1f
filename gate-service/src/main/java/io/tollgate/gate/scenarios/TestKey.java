package io.tollgate.gate.scenarios;

import java.util.Locale;

/**
 * What identifies a test for mapping: a JUnit {@code class.method}, a k6 check (or threshold
 * metric) name, a JMeter sampler label.
 */
public record TestKey(Kind kind, String key) {
  public enum Kind {
    JUNIT,
    K6,
    JMETER,
    /** A test case known from the spans it sent ({@code test.case.name} or the run id alone). */
    TRACE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The key of a stored test case ({@code test_case_result}). */
  static TestKey ofCase(String suite, String className, String name) {
    if (className.isEmpty()) {
      return new TestKey("jmeter".equals(suite) ? Kind.JMETER : Kind.K6, name);
    }
    return new TestKey(Kind.JUNIT, className + "." + name);
  }

  /** The key of a stored grouped failure ({@code test_run_failure}). */
  static TestKey ofFailure(String source, String name, String errorClass) {
    if ("jmeter".equals(source)) {
      return new TestKey(Kind.JMETER, name);
    }
    if ("check".equals(errorClass) || "threshold".equals(errorClass)) {
      return new TestKey(Kind.K6, name);
    }
    return new TestKey(Kind.JUNIT, source + "." + name);
  }
}

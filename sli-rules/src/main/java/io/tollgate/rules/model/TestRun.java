package io.tollgate.rules.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An SLI of a test run: pass ratio, failed or flaky counts, duration, or a load-test statistic
 * ({@code metric: http_req_duration}, {@code stat: p(95)} for k6; a JMeter label and percentile).
 */
public record TestRun(Measure measure, String metric, String stat) implements SliSource {

  /** What is measured from the run. */
  public enum Measure {
    PASS_RATIO,
    FAILED,
    FLAKY,
    DURATION,
    K6,
    JMETER
  }

  public TestRun {
    Objects.requireNonNull(measure, "measure");
    metric = metric == null ? "" : metric;
    stat = stat == null ? "" : stat;
  }

  @Override
  public String kind() {
    return "testrun";
  }

  @Override
  public ValueKind valueKind() {
    return switch (measure) {
      case PASS_RATIO -> ValueKind.GOOD_RATIO;
      case FAILED, FLAKY -> ValueKind.FAILURE_COUNT;
      default -> ValueKind.SCALAR;
    };
  }

  @Override
  public OptionalDouble quantile() {
    return OptionalDouble.empty();
  }
}

package io.tollgate.rules.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An SLI of a test run: pass ratio, failed or flaky counts, duration, a load-test statistic ({@code
 * metric: http_req_duration}, {@code stat: p(95)} for k6; a JMeter label and percentile), or load
 * parity with production ({@code peak_ratio}, {@code operation_coverage}).
 *
 * @param parity the production traffic compared with, for the load-parity measures only (else null)
 */
public record TestRun(Measure measure, String metric, String stat, LoadParity parity)
    implements SliSource {

  /** What is measured from the run. */
  public enum Measure {
    PASS_RATIO,
    FAILED,
    FLAKY,
    DURATION,
    K6,
    JMETER,
    /**
     * Load applied per operation over production's peak minute: the smallest ratio among the
     * busiest operations carrying {@link LoadParity#traffic()} of production requests.
     */
    PEAK_RATIO,
    /** The share of production requests whose operations the test exercised at all. */
    OPERATION_COVERAGE;

    /** Whether this measure compares the run with production traffic. */
    public boolean isLoadParity() {
      return this == PEAK_RATIO || this == OPERATION_COVERAGE;
    }
  }

  /** A test-run SLI that does not compare with production. */
  public TestRun(Measure measure, String metric, String stat) {
    this(measure, metric, stat, null);
  }

  public TestRun {
    Objects.requireNonNull(measure, "measure");
    metric = metric == null ? "" : metric;
    stat = stat == null ? "" : stat;
    if (measure.isLoadParity() != (parity != null)) {
      throw new IllegalArgumentException(
          "load parity settings go with peak_ratio and operation_coverage only");
    }
  }

  /** {@code service} of a load-parity SLI. */
  @Override
  public java.util.Map<String, String> templates() {
    return parity == null ? java.util.Map.of() : java.util.Map.of("service", parity.service());
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

package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.FailureSignature;
import io.tollgate.telemetry.aggregate.TestId;
import java.util.List;

/**
 * How often a test's spans failed with one signature, with up to five exemplar {@code
 * traceId:spanId}s of those spans.
 */
public record TestFailureSummary(
    String signatureId,
    FailureSignature signature,
    TestId test,
    long failures,
    List<String> exemplars) {
  public TestFailureSummary {
    exemplars = List.copyOf(exemplars);
  }
}

package io.tollgate.gate.scenarios;

import io.tollgate.ingest.signature.ErrorClasses;
import io.tollgate.telemetry.aggregate.FailureSignature;
import java.util.List;

/** Decides how well recent tests guard against a production or canary failure signature. */
final class CoverageCalculator {
  private CoverageCalculator() {}

  record Result(Coverage coverage, List<TestEvidence> covering, List<TestEvidence> touching) {}

  static Result of(FailureSignature signature, List<TestEvidence> evidence) {
    List<TestEvidence> onOperation =
        evidence.stream()
            .filter(e -> e.service().equals(signature.service()))
            .filter(e -> e.operation().equals(signature.operation()))
            .toList();
    List<TestEvidence> covering =
        onOperation.stream().filter(e -> e.failed() && asserts(signature, e)).toList();
    List<TestEvidence> touching = onOperation.stream().filter(e -> !covering.contains(e)).toList();
    Coverage c =
        !covering.isEmpty()
            ? Coverage.COVERED
            : !touching.isEmpty() ? Coverage.TOUCHED : Coverage.UNCOVERED;
    return new Result(c, covering, touching);
  }

  /** Whether a failing test saw the signature's failure mode. */
  static boolean asserts(FailureSignature signature, TestEvidence e) {
    boolean sameClass =
        e.modes().stream().anyMatch(m -> FailureModes.sameClass(m, signature.errorClass()));
    if (!sameClass) {
      return false;
    }
    // a generic class (RuntimeException, unknown) says nothing by itself: the message must match
    return !ErrorClasses.isGeneric(signature.errorClass())
        || signature.message().equals(e.template());
  }
}

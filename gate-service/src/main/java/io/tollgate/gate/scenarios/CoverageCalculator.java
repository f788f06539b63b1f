package io.tollgate.gate.scenarios;

import io.tollgate.ingest.signature.ErrorClasses;
import io.tollgate.telemetry.aggregate.FailureSignature;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
    // a test that covers the scenario is not also listed as only touching it
    Set<TestKey> coveringTests =
        covering.stream().map(TestEvidence::test).collect(Collectors.toSet());
    List<TestEvidence> touching =
        onOperation.stream().filter(e -> !coveringTests.contains(e.test())).toList();
    Coverage c =
        !covering.isEmpty()
            ? Coverage.COVERED
            : !touching.isEmpty() ? Coverage.TOUCHED : Coverage.UNCOVERED;
    return new Result(c, covering, touching);
  }

  /**
   * Whether a failing test saw the signature's failure mode: a test linked by its spans when they
   * failed with this very signature, other tests when they failed with its error class (and
   * message, where the class is generic).
   */
  static boolean asserts(FailureSignature signature, TestEvidence e) {
    if (e.via() == CoverageLink.TRACE) {
      return signature.id().equals(e.signatureId());
    }
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

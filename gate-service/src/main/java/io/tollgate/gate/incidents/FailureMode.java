package io.tollgate.gate.incidents;

import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.gate.scenarios.Coverage;
import io.tollgate.gate.scenarios.Scenario;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A production failure scenario that was active during an incident, with its failures within the
 * incident's span and the tests that cover or only touch it.
 */
@Serdeable
public record FailureMode(
    String scenarioId,
    String operation,
    String errorClass,
    String example,
    long failures,
    Coverage coverage,
    List<Scenario.TestRef> covering,
    List<Scenario.TestRef> touching) {

  static FailureMode of(Scenario s, long failures, UnaryOperator<String> show) {
    return new FailureMode(
        s.id(),
        s.operation(),
        s.errorClass(),
        show.apply(s.example()),
        failures,
        s.coverage(),
        s.covering(),
        s.touching());
  }

  /** Whether no recent test asserted this failure mode. */
  public boolean uncovered() {
    return coverage != Coverage.COVERED;
  }
}

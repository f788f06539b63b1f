package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A recent test linked to an operation: it exercised the operation and, when {@code failed}, saw
 * the failure modes {@code modes} (error classes) with {@code template} as its normalized message.
 *
 * @param via how the test was linked to the operation
 * @param signatureId for a test linked by its spans, the failure signature its spans failed with
 *     (null when they did not fail)
 * @param traces for a test linked by its spans, exemplar traces of its failed spans
 */
public record TestEvidence(
    TestKey test,
    String service,
    String operation,
    long runId,
    @Nullable String version,
    Instant at,
    boolean failed,
    Set<String> modes,
    String template,
    CoverageLink via,
    @Nullable String signatureId,
    List<Scenario.Exemplar> traces) {

  public TestEvidence {
    traces = List.copyOf(traces);
  }

  /** A test linked by a rule or a label, from its reported result. */
  public TestEvidence(
      TestKey test,
      String service,
      String operation,
      long runId,
      @Nullable String version,
      Instant at,
      boolean failed,
      Set<String> modes,
      String template,
      CoverageLink via) {
    this(
        test, service, operation, runId, version, at, failed, modes, template, via, null,
        List.of());
  }
}

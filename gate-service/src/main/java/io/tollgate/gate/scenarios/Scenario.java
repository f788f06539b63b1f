package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A failure signature in an environment class. Its id is {@code <environment>-<signature id>}, so
 * the same signature in production and in a canary are two scenarios.
 *
 * @param message the normalized message template (empty when the error class says enough)
 * @param example a raw message as a test reported it, or the template for traced failures
 * @param introducedIn the first version that emitted the signature in this environment (canary or
 *     not); for test scenarios the version of the first failing run
 * @param newInCanary a canary scenario whose signature never failed outside the canary
 */
@Serdeable
public record Scenario(
    String id,
    Environment environment,
    String signatureId,
    String service,
    String spanKind,
    String operation,
    String errorClass,
    String message,
    String example,
    long failures,
    Instant firstSeen,
    Instant lastSeen,
    @Nullable String introducedIn,
    boolean newInCanary,
    List<Exemplar> exemplars,
    Coverage coverage,
    List<TestRef> covering,
    List<TestRef> touching,
    @Nullable Triage triage) {

  /** A trace that failed this way; {@code url} follows {@code tollgate.ui.trace-url-template}. */
  @Serdeable
  public record Exemplar(String traceId, String spanId, @Nullable String url) {}

  /**
   * A test that failed this way (test scenarios), covers or touches the scenario.
   *
   * @param runId the stored test run, 0 for a test known from its spans only
   * @param via how it was linked ({@code trace}, {@code rule}, {@code label}); null for test
   *     scenarios
   * @param traces for a test linked by its spans, traces of its spans that failed this way
   */
  @Serdeable
  public record TestRef(
      String kind,
      String key,
      long runId,
      @Nullable String version,
      Instant at,
      boolean failed,
      @Nullable String via,
      @Nullable List<Exemplar> traces) {

    @io.micronaut.core.annotation.Creator
    public TestRef {
      traces = traces == null ? List.of() : List.copyOf(traces);
    }

    /** A test of a test scenario. */
    public TestRef(
        String kind, String key, long runId, @Nullable String version, Instant at, boolean failed) {
      this(kind, key, runId, version, at, failed, null, List.of());
    }
  }

  Scenario withTriage(@Nullable Triage t) {
    return new Scenario(
        id,
        environment,
        signatureId,
        service,
        spanKind,
        operation,
        errorClass,
        message,
        example,
        failures,
        firstSeen,
        lastSeen,
        introducedIn,
        newInCanary,
        exemplars,
        coverage,
        covering,
        touching,
        t);
  }

  /** The scenario as a reader is shown it: message and example through {@code show}. */
  public Scenario shownWith(UnaryOperator<String> show) {
    return new Scenario(
        id,
        environment,
        signatureId,
        service,
        spanKind,
        operation,
        errorClass,
        show.apply(message),
        show.apply(example),
        failures,
        firstSeen,
        lastSeen,
        introducedIn,
        newInCanary,
        exemplars,
        coverage,
        covering,
        touching,
        triage);
  }

  /** The text triage rules match: {@code service operation errorClass message}. */
  public String matchText() {
    return service + " " + operation + " " + errorClass + (message.isEmpty() ? "" : " " + message);
  }
}

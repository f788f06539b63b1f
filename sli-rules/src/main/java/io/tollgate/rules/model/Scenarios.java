package io.tollgate.rules.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An SLI over failure scenarios (failure signatures per environment, with their test coverage): how
 * many scenarios a canary introduced that its baseline never showed, or how many production
 * scenarios no test covers or touches and that are older than some days.
 *
 * @param measure what to count
 * @param service the service ({@code $service} from the evaluated side)
 * @param olderThanDays for {@code uncovered}: only scenarios first seen at least this long ago
 */
public record Scenarios(Measure measure, String service, int olderThanDays) implements SliSource {

  /** What a scenarios SLI counts. */
  public enum Measure {
    /** Canary scenarios whose signature the baseline and production never showed. */
    NEW_IN_CANARY,
    /** Production scenarios no recent test covers or touches. */
    UNCOVERED
  }

  public Scenarios {
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(service, "service");
    if (olderThanDays < 0) {
      throw new IllegalArgumentException("olderThanDays must be >= 0");
    }
  }

  @Override
  public String kind() {
    return "scenarios";
  }

  /** {@code service}. */
  @Override
  public java.util.Map<String, String> templates() {
    return java.util.Map.of("service", service);
  }

  @Override
  public ValueKind valueKind() {
    return ValueKind.COUNT;
  }

  @Override
  public OptionalDouble quantile() {
    return OptionalDouble.empty();
  }
}

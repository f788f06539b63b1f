package io.tollgate.gate.parity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A service's facts in two environments side by side, and where they differ.
 *
 * @param fromFacts how many facts the {@code from} environment reported in the window
 * @param toFacts the same for {@code to}
 * @param facts every fact of either environment, sorted by name
 * @param differences the facts that differ, in the same order; {@code []} when none (never left
 *     out)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParityReport(
    String service,
    String from,
    String to,
    String window,
    Instant windowStart,
    Instant windowEnd,
    int fromFacts,
    int toFacts,
    List<Row> facts,
    List<Difference> differences) {

  /**
   * One fact in both environments.
   *
   * @param kind the fact's kind ({@code version}, {@code runtime}, {@code sdk}, {@code os}, {@code
   *     container}, {@code dependency}, {@code feature_flag})
   * @param fromValue the values in {@code from}, comma-separated; null when not seen there
   * @param toValue the same for {@code to}
   */
  @Serdeable
  public record Row(
      String fact,
      String kind,
      @Nullable String fromValue,
      @Nullable String toValue,
      boolean differs) {}

  /**
   * A fact that differs.
   *
   * @param factKind as {@link Row#kind}
   * @param kind {@code differs}, {@code only-in-from} or {@code only-in-to}
   */
  @Serdeable
  public record Difference(
      String fact, String factKind, @Nullable String from, @Nullable String to, String kind) {}
}

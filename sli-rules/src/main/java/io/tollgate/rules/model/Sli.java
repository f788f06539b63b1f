package io.tollgate.rules.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One service level indicator: where its values come from, its unit, which way is worse, and the
 * objectives that judge it. An SLI without objectives is informational.
 */
public record Sli(
    String name,
    SliSource source,
    String unit,
    Direction direction,
    Optional<MissingData> onMissingData,
    List<Objective> objectives,
    SourceLocation at) {
  public Sli {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    unit = unit == null ? "" : unit;
    direction = direction == null ? Direction.LOWER_IS_BETTER : direction;
    onMissingData = onMissingData == null ? Optional.empty() : onMissingData;
    objectives = List.copyOf(objectives);
  }
}

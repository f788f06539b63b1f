package io.tollgate.gate.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.rules.model.Binding;
import io.tollgate.rules.model.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * One service's binding of a gate to a trigger, as stored: from the gate's YAML ({@code origin:
 * yaml}) or added through the API ({@code origin: api}).
 *
 * @param watch how long a deployment or flag change is watched (a schedule: the window judged)
 * @param every the interval of a watch, or the period of a schedule
 * @param nextRunAt a schedule's next run
 */
public record StoredBinding(
    long id,
    String gate,
    Origin origin,
    Binding.Trigger trigger,
    String service,
    String environment,
    @Nullable String flag,
    Duration watch,
    Duration every,
    @Nullable String cron,
    @Nullable Instant nextRunAt,
    String createdBy,
    Instant createdAt) {

  /** A binding as the API shows it, durations as written ({@code 30m}). */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record View(
      long id,
      String gate,
      Origin origin,
      Binding.Trigger trigger,
      String service,
      String environment,
      @Nullable String flag,
      String watch,
      String every,
      @Nullable String cron,
      @Nullable Instant nextRunAt,
      String createdBy,
      Instant createdAt) {}

  View view() {
    return new View(
        id,
        gate,
        origin,
        trigger,
        service,
        environment,
        flag,
        Durations.format(watch),
        Durations.format(every),
        cron,
        nextRunAt,
        createdBy,
        createdAt);
  }

  /** Where a binding was written. */
  public enum Origin {
    YAML,
    API
  }

  /** The stored bindings of one written binding: one per service. */
  static java.util.List<StoredBinding> of(
      String gate, Origin origin, Binding b, @Nullable Instant nextRunAt, String by, Instant at) {
    return b.services().stream()
        .map(
            s ->
                new StoredBinding(
                    0,
                    gate,
                    origin,
                    b.trigger(),
                    s,
                    b.environment(),
                    b.flag().orElse(null),
                    b.watch(),
                    b.every(),
                    b.cron().orElse(null),
                    nextRunAt,
                    by,
                    at))
        .toList();
  }
}

package io.tollgate.telemetry.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Which span aggregates to read: one service, optionally one version, environment, track and
 * operation, minutes starting in {@code [from, to)}. Every filter is applied in SQL.
 *
 * @param version null for every version
 * @param environment null for every environment
 * @param track null for every track
 * @param operation null for every operation
 */
public record SpanQuery(
    String service,
    String version,
    String environment,
    String track,
    String operation,
    Instant from,
    Instant to) {
  public SpanQuery {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("empty window: " + from + " .. " + to);
    }
  }

  /** One service, optionally one track and operation (null for all). */
  public SpanQuery(String service, String track, String operation, Instant from, Instant to) {
    this(service, null, null, track, operation, from, to);
  }

  public static SpanQuery of(String service, Instant from, Instant to) {
    return new SpanQuery(service, null, null, null, null, from, to);
  }

  public SpanQuery withVersion(String v) {
    return new SpanQuery(service, v, environment, track, operation, from, to);
  }

  public SpanQuery withEnvironment(String e) {
    return new SpanQuery(service, version, e, track, operation, from, to);
  }

  public SpanQuery withTrack(String t) {
    return new SpanQuery(service, version, environment, t, operation, from, to);
  }

  public SpanQuery withOperation(String op) {
    return new SpanQuery(service, version, environment, track, op, from, to);
  }
}

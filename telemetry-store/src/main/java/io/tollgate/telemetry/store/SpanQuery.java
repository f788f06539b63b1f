package io.tollgate.telemetry.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Which span aggregates to read: one service, optionally one track and one operation, minutes
 * starting in {@code [from, to)}.
 *
 * @param track null for every track
 * @param operation null for every operation
 */
public record SpanQuery(String service, String track, String operation, Instant from, Instant to) {
  public SpanQuery {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("empty window: " + from + " .. " + to);
    }
  }

  public static SpanQuery of(String service, Instant from, Instant to) {
    return new SpanQuery(service, null, null, from, to);
  }

  public SpanQuery withTrack(String t) {
    return new SpanQuery(service, t, operation, from, to);
  }

  public SpanQuery withOperation(String op) {
    return new SpanQuery(service, track, op, from, to);
  }
}

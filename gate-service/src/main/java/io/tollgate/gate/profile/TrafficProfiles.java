package io.tollgate.gate.profile;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.rules.model.Durations;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.OperationStats;
import io.tollgate.telemetry.store.SpanQuery;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads production aggregates into {@link TrafficProfile}s, with bounded windows. */
@Singleton
public final class TrafficProfiles {
  static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

  /** Rates need minute rows: the window stays within the default minute retention (15 days). */
  static final Duration MAX_WINDOW = Duration.ofDays(14);

  static final Duration MIN_WINDOW = Duration.ofHours(1);
  static final String DEFAULT_ENVIRONMENT = "production";

  private final AggregateReader reader;
  private final Clock clock;

  TrafficProfiles(AggregateReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  /** A request for a profile, validated. */
  public record Ask(String service, String environment, Duration window) {
    public static Ask of(String service, String environment, String window) {
      if (service == null || service.isBlank() || service.length() > 200) {
        throw ProblemException.badRequest("path 'service': a service name of 1 to 200 characters");
      }
      if (service.chars().anyMatch(Character::isISOControl)) {
        throw ProblemException.badRequest("path 'service': control characters are not allowed");
      }
      String env = environment == null || environment.isBlank() ? DEFAULT_ENVIRONMENT : environment;
      if (env.length() > 100 || env.chars().anyMatch(Character::isISOControl)) {
        throw ProblemException.badRequest(
            "query 'environment': at most 100 characters, no control characters");
      }
      Duration w = DEFAULT_WINDOW;
      if (window != null && !window.isBlank()) {
        w =
            Durations.parse(window)
                .orElseThrow(
                    () ->
                        ProblemException.badRequest(
                            "query 'window': a duration such as 7d, 24h or 90m, got '"
                                + abbreviate(window)
                                + "'"));
      }
      if (w.compareTo(MIN_WINDOW) < 0 || w.compareTo(MAX_WINDOW) > 0) {
        throw ProblemException.badRequest(
            "query 'window': between 1h and 14d (rates are read from per-minute aggregates)");
      }
      return new Ask(service, env, w);
    }
  }

  /** The profile over the window ending at the current minute; 404 when nothing was recorded. */
  public TrafficProfile profile(Ask ask) {
    Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    Instant from = to.minus(ask.window());
    SpanQuery q = SpanQuery.of(ask.service(), from, to).withEnvironment(ask.environment());
    try {
      var rates = reader.minuteRates(q);
      if (rates.isEmpty()) {
        throw ProblemException.notFound(
            "requests of service '"
                + ask.service()
                + "' in environment '"
                + ask.environment()
                + "' over the last "
                + Durations.format(ask.window()));
      }
      Map<String, DDSketch> latency = new HashMap<>();
      List<OperationStats> stats = reader.operations(q);
      for (OperationStats s : stats) {
        DDSketch into = latency.get(s.operation());
        if (into == null) {
          latency.put(s.operation(), s.latencyMs());
        } else {
          into.mergeWith(s.latencyMs());
        }
      }
      return ProfileBuilder.build(ask.service(), ask.environment(), from, to, rates, latency);
    } catch (SQLException e) {
      throw new IllegalStateException("reading aggregates failed", e);
    }
  }

  private static String abbreviate(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "…" : v;
  }
}

package io.tollgate.gate.profile;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.gates.GateService;
import io.tollgate.gate.gates.GateVersionRow;
import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.parse.GateParser;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Generates k6 tests from traffic profiles, with thresholds from a gate when one is named. */
@Singleton
final class K6Exports {
  static final double DEFAULT_HEADROOM = 1.5;
  static final Duration DEFAULT_DURATION = Duration.ofMinutes(10);

  private final TrafficProfiles profiles;
  private final GateService gates;

  K6Exports(TrafficProfiles profiles, GateService gates) {
    this.profiles = profiles;
    this.gates = gates;
  }

  String script(
      TrafficProfiles.Ask ask,
      @Nullable String gateName,
      @Nullable String headroom,
      @Nullable String duration) {
    K6Script.Options o = options(gateName, headroom, duration);
    Gate gate = null;
    if (o.gateName() != null) {
      GateVersionRow v = gates.version(o.gateName(), null);
      gate =
          GateParser.parse(v.gateName() + "@v" + v.version(), v.document())
              .gate()
              .orElseThrow(
                  () ->
                      ProblemException.badRequest(
                          "query 'gate': gate '" + o.gateName() + "' does not parse"));
    }
    return K6Script.write(profiles.profile(ask), gate, o);
  }

  static K6Script.Options options(
      @Nullable String gateName, @Nullable String headroom, @Nullable String duration) {
    double h = DEFAULT_HEADROOM;
    if (headroom != null && !headroom.isBlank()) {
      try {
        h = Double.parseDouble(headroom);
      } catch (NumberFormatException e) {
        h = Double.NaN;
      }
      if (!(h >= 0.1 && h <= 100)) {
        throw ProblemException.badRequest("query 'headroom': a number from 0.1 to 100, e.g. 1.5");
      }
    }
    Duration d = DEFAULT_DURATION;
    if (duration != null && !duration.isBlank()) {
      d =
          Durations.parse(duration)
              .filter(x -> x.compareTo(Duration.ofMinutes(1)) >= 0)
              .filter(x -> x.compareTo(Duration.ofHours(24)) <= 0)
              .orElseThrow(
                  () ->
                      ProblemException.badRequest(
                          "query 'duration': a duration from 1m to 24h, e.g. 10m"));
    }
    String g = gateName == null || gateName.isBlank() ? null : gateName;
    if (g != null && (g.length() > 200 || g.chars().anyMatch(Character::isISOControl))) {
      throw ProblemException.badRequest("query 'gate': a gate name of at most 200 characters");
    }
    return new K6Script.Options(h, d, g);
  }
}

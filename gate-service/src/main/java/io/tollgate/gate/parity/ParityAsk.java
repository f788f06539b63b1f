package io.tollgate.gate.parity;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Parity;
import java.time.Duration;

/**
 * A validated parity question: a service's facts in environment {@code from} against {@code to}
 * over the window ending now.
 */
public record ParityAsk(String service, String from, String to, Duration window) {

  /** Validates query parameters; a 400 problem names the parameter that is wrong. */
  public static ParityAsk of(
      @Nullable String service,
      @Nullable String from,
      @Nullable String to,
      @Nullable String window) {
    String s = name("service", service, 200);
    String f = name("from", from, 100);
    String t = name("to", to, 100);
    if (f.equals(t)) {
      throw ProblemException.badRequest(
          "query 'to': names the same environment as 'from' ('" + f + "'): nothing to compare");
    }
    Duration w = Parity.DEFAULT_WINDOW;
    if (window != null && !window.isBlank()) {
      w =
          Durations.parse(window)
              .orElseThrow(
                  () ->
                      ProblemException.badRequest(
                          "query 'window': a duration such as 1d, 24h or 90m, got '"
                              + abbreviate(window)
                              + "'"));
    }
    if (w.compareTo(Parity.MIN_WINDOW) < 0 || w.compareTo(Parity.MAX_WINDOW) > 0) {
      throw ProblemException.badRequest("query 'window': between 1h and 14d");
    }
    return new ParityAsk(s, f, t, w);
  }

  private static String name(String param, @Nullable String value, int max) {
    if (value == null || value.isBlank()) {
      throw ProblemException.badRequest("query '" + param + "': required");
    }
    if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
      throw ProblemException.badRequest(
          "query '" + param + "': at most " + max + " characters, no control characters");
    }
    return value;
  }

  private static String abbreviate(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "…" : v;
  }
}

package io.tollgate.gate.scenarios;

import java.util.Locale;
import java.util.Optional;

/** Where a scenario was seen: production traffic, a canary track, or test runs. */
public enum Environment {
  PRODUCTION,
  CANARY,
  TEST;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The class of an ingest track: {@code canary} is a canary, every other track production. */
  public static Environment ofTrack(String track) {
    return "canary".equalsIgnoreCase(track) ? CANARY : PRODUCTION;
  }

  public static Optional<Environment> parse(String id) {
    for (Environment e : values()) {
      if (e.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}

package io.tollgate.gate.incidents;

import java.util.Locale;
import java.util.Optional;

/** How bad an incident is, as the API spells it: {@code critical} down to {@code unknown}. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  UNKNOWN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<Severity> parse(String s) {
    for (Severity v : values()) {
      if (v.id().equals(s.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}

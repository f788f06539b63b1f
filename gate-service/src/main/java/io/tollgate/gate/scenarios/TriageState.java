package io.tollgate.gate.scenarios;

import java.util.Locale;
import java.util.Optional;

/** What QA concluded about a scenario. */
public enum TriageState {
  TO_INVESTIGATE("to investigate"),
  PRODUCT_BUG("product bug"),
  TEST_BUG("test bug"),
  SYSTEM_ISSUE("system issue"),
  ACCEPTED("accepted");

  private final String label;

  TriageState(String label) {
    this.label = label;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  public static Optional<TriageState> parse(String id) {
    if (id == null) {
      return Optional.empty();
    }
    String wanted = id.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    for (TriageState s : values()) {
      if (s.id().equals(wanted)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}

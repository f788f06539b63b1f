package io.tollgate.gate.events;

/** The kinds of event Tollgate publishes, with their CloudEvents {@code type}. */
enum EventType {
  DECISION("dev.tollgate.decision.v1"),
  OVERRIDE("dev.tollgate.override.v1");

  private final String ceType;

  EventType(String ceType) {
    this.ceType = ceType;
  }

  String ceType() {
    return ceType;
  }

  static EventType of(String ceType) {
    for (EventType t : values()) {
      if (t.ceType.equals(ceType)) {
        return t;
      }
    }
    throw new IllegalArgumentException("not an event type of Tollgate: " + ceType);
  }
}

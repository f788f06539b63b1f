package io.tollgate.gate.events;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.rules.model.Outcome;
import java.util.Set;

/**
 * Where events go: the Kafka topic ({@code kafka}) or one webhook ({@code webhook:<name>}), and
 * which events it takes.
 *
 * @param webhook null for the Kafka topic
 * @param outcomes the decision outcomes it takes
 * @param overrides whether it takes override events
 */
record Destination(
    String name, @Nullable WebhookProperties webhook, Set<Outcome> outcomes, boolean overrides) {

  static final String KAFKA = "kafka";
  static final String WEBHOOK = "webhook:";

  boolean takes(EventType type, Outcome outcome) {
    return switch (type) {
      case DECISION -> outcomes.contains(outcome);
      case OVERRIDE -> overrides;
    };
  }
}

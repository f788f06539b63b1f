package io.tollgate.gate.events;

import io.tollgate.rules.model.Outcome;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured destinations, checked at start: a webhook without a usable URL, two webhooks of
 * one name, or an unknown outcome stop the service with a message naming the setting.
 */
@Singleton
final class Destinations {
  private final Map<String, Destination> byName = new LinkedHashMap<>();

  Destinations(KafkaEventsProperties kafka, List<WebhookProperties> webhooks) {
    if (kafka.enabled()) {
      byName.put(Destination.KAFKA, new Destination(Destination.KAFKA, null, all(), true));
    }
    for (int i = 0; i < webhooks.size(); i++) {
      Destination d = webhook("tollgate.events.webhooks[" + i + "]", webhooks.get(i));
      if (byName.putIfAbsent(d.name(), d) != null) {
        throw new IllegalArgumentException(
            "tollgate.events.webhooks: two webhooks are named '"
                + d.name().substring(Destination.WEBHOOK.length())
                + "'; give each a distinct name");
      }
    }
  }

  List<Destination> all(EventType type, Outcome outcome) {
    List<Destination> out = new ArrayList<>();
    for (Destination d : byName.values()) {
      if (d.takes(type, outcome)) {
        out.add(d);
      }
    }
    return out;
  }

  Optional<Destination> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  boolean none() {
    return byName.isEmpty();
  }

  private static Destination webhook(String at, WebhookProperties w) {
    if (w.url() == null
        || !w.url().isAbsolute()
        || w.url().getHost() == null
        || !("http".equals(w.url().getScheme()) || "https".equals(w.url().getScheme()))) {
      throw new IllegalArgumentException(at + ".url must be an absolute http or https URL");
    }
    EventsProperties.positive("webhooks.timeout", w.timeout());
    String name = w.name() == null || w.name().isBlank() ? w.url().getHost() : w.name().trim();
    if (name.length() > 100) {
      throw new IllegalArgumentException(at + ".name must be at most 100 characters");
    }
    boolean chat = w.format() != Format.CLOUDEVENTS;
    Set<Outcome> outcomes;
    if (w.outcomes() == null || w.outcomes().isEmpty()) {
      outcomes = chat ? EnumSet.of(Outcome.FAIL) : all();
    } else {
      outcomes = EnumSet.noneOf(Outcome.class);
      for (String o : w.outcomes()) {
        try {
          outcomes.add(Outcome.valueOf(o.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              at + ".outcomes: '" + o + "' is not one of PASS, WARN, FAIL, INCONCLUSIVE, ERROR");
        }
      }
    }
    return new Destination(Destination.WEBHOOK + name, w, outcomes, !chat);
  }

  private static Set<Outcome> all() {
    return EnumSet.allOf(Outcome.class);
  }
}

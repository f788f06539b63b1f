package io.tollgate.rules.parse;

import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Parity;
import io.tollgate.rules.model.SliSource;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads a {@code parity} source: service, from, to, optional window and kinds. */
final class ParityReader {
  private final Issues issues;

  ParityReader(Issues issues) {
    this.issues = issues;
  }

  Optional<SliSource> read(YamlMap m) {
    m.allowOnly("service", "from", "to", "window", "kinds");
    Optional<String> service = m.requiredString("service", "e.g. 'service: $service'");
    Optional<String> from = m.requiredString("from", "the environment tested, e.g. staging");
    Optional<String> to = m.requiredString("to", "the environment compared with, e.g. production");
    Duration window = Parity.DEFAULT_WINDOW;
    if (m.has("window")) {
      Optional<Duration> w =
          m.string("window")
              .flatMap(Durations::parse)
              .filter(d -> d.compareTo(Parity.MIN_WINDOW) >= 0)
              .filter(d -> d.compareTo(Parity.MAX_WINDOW) <= 0);
      if (w.isEmpty()) {
        issues.error(m.at("window"), "'window' must be a duration from 1h to 14d, e.g. 1d");
        return Optional.empty();
      }
      window = w.get();
    }
    Set<Parity.FactKind> kinds = EnumSet.noneOf(Parity.FactKind.class);
    if (m.has("kinds")) {
      var items = m.list("kinds");
      if (items.isEmpty()) {
        issues.error(m.at("kinds"), "'kinds' lists at least one kind, or is left out for all");
        return Optional.empty();
      }
      for (Node n : items) {
        if (!(n instanceof ScalarNode s)) {
          issues.error(n, "'kinds' holds kind names, got " + YamlMap.describe(n));
          return Optional.empty();
        }
        Optional<Parity.FactKind> k = m.enumOf(s.getValue(), Parity.FactKind.class, n, "kinds");
        if (k.isEmpty()) {
          return Optional.empty();
        }
        kinds.add(k.get());
      }
    }
    if (service.isEmpty() || from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    if (from.get().equals(to.get())) {
      issues.error(m.at("to"), "'from' and 'to' name the same environment: nothing to compare");
      return Optional.empty();
    }
    return Optional.of(new Parity(service.get(), from.get(), to.get(), window, kinds));
  }
}

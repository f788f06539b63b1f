package io.tollgate.gate.parity;

import io.tollgate.gate.api.ProblemException;
import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Parity.FactKind;
import io.tollgate.telemetry.store.EnvironmentFact;
import io.tollgate.telemetry.store.FactReader;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what the telemetry of a service says about its running system in two environments. A
 * fact's value in an environment is the set of values seen in the window; a dependency's value is
 * the version the called service reported in the same environment, or {@code called} when it
 * reports none (a database, a third-party API, a service that is not ingested).
 *
 * <pre>{@code
 * ParityReport r = parity.compare(ParityAsk.of("checkout", "staging", "production", "1d"));
 * r.differences(); // [dependency.service/payments: 2.4.0 vs 2.3.1, differs]
 * }</pre>
 */
@Singleton
public final class EnvironmentParity {
  /** The value of a dependency whose version is not known. */
  static final String CALLED = "called";

  private final FactReader reader;
  private final Clock clock;

  EnvironmentParity(FactReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  /** The comparison over the window ending now; 404 when neither environment has facts. */
  public ParityReport compare(ParityAsk ask) {
    Instant to = clock.instant();
    return compare(ask, to.minus(ask.window()), to);
  }

  /** The comparison over [start, end); 404 when neither environment has facts. */
  public ParityReport compare(ParityAsk ask, Instant start, Instant end) {
    try {
      Map<String, Set<String>> from = values(ask.service(), ask.from(), start, end);
      Map<String, Set<String>> to = values(ask.service(), ask.to(), start, end);
      if (from.isEmpty() && to.isEmpty()) {
        throw ProblemException.notFound(
            "environment facts of service '"
                + ask.service()
                + "' in '"
                + ask.from()
                + "' or '"
                + ask.to()
                + "' over the last "
                + Durations.format(ask.window()));
      }
      return report(ask, start, end, from, to);
    } catch (SQLException e) {
      throw new IllegalStateException("reading environment facts failed", e);
    }
  }

  private static ParityReport report(
      ParityAsk ask,
      Instant start,
      Instant end,
      Map<String, Set<String>> from,
      Map<String, Set<String>> to) {
    Set<String> names = new TreeSet<>(from.keySet());
    names.addAll(to.keySet());
    List<ParityReport.Row> rows = new ArrayList<>(names.size());
    List<ParityReport.Difference> differences = new ArrayList<>();
    for (String fact : names) {
      String kind = spell(FactKinds.of(fact));
      String f = join(from.get(fact));
      String t = join(to.get(fact));
      String difference =
          f == null ? "only-in-to" : t == null ? "only-in-from" : f.equals(t) ? null : "differs";
      rows.add(new ParityReport.Row(fact, kind, f, t, difference != null));
      if (difference != null) {
        differences.add(new ParityReport.Difference(fact, kind, f, t, difference));
      }
    }
    return new ParityReport(
        ask.service(),
        ask.from(),
        ask.to(),
        Durations.format(ask.window()),
        start.truncatedTo(ChronoUnit.SECONDS),
        end.truncatedTo(ChronoUnit.SECONDS),
        from.size(),
        to.size(),
        rows,
        differences);
  }

  /** Each fact's values in one environment, dependencies resolved to their versions there. */
  private Map<String, Set<String>> values(
      String service, String environment, Instant start, Instant end) throws SQLException {
    List<EnvironmentFact> facts = reader.facts(service, environment, start, end);
    Set<String> called = new HashSet<>();
    for (EnvironmentFact f : facts) {
      String s = FactKinds.calledService(f.fact());
      if (s != null) {
        called.add(s);
      }
    }
    Map<String, List<String>> versions = reader.versions(called, environment, start, end);
    Map<String, Set<String>> out = new TreeMap<>();
    for (EnvironmentFact f : facts) {
      Set<String> values = out.computeIfAbsent(f.fact(), k -> new TreeSet<>());
      if (FactKinds.of(f.fact()) == FactKind.DEPENDENCY) {
        String s = FactKinds.calledService(f.fact());
        List<String> v = s == null ? null : versions.get(s);
        values.addAll(v == null ? List.of(CALLED) : v);
      } else {
        values.add(f.value());
      }
    }
    return out;
  }

  private static String join(Set<String> values) {
    return values == null ? null : String.join(", ", values);
  }

  static String spell(FactKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}

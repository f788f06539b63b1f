package io.tollgate.gate.evaluation;

import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.parity.EnvironmentParity;
import io.tollgate.gate.parity.ParityAsk;
import io.tollgate.gate.parity.ParityReport;
import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Parity;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code parity} SLIs: how many facts of the service differ between {@code from} and {@code
 * to} (of the kinds asked for) over the window ending at the step's end. An environment that
 * reported no facts in the window is missing data, never zero differences.
 */
@Singleton
final class ParitySource implements ObservationSource<Parity> {
  /** Differences named in the evidence; the count covers them all. */
  private static final int NAMED = 5;

  private final EnvironmentParity parity;

  ParitySource(EnvironmentParity parity) {
    this.parity = parity;
  }

  @Override
  public Class<Parity> type() {
    return Parity.class;
  }

  @Override
  public SliObservation observe(Parity s, Sli sli, ObservationContext c) throws SourceException {
    Side side = c.sides().canaryAnalysis() ? c.sides().canary() : c.sides().target();
    var vars = c.variables(side);
    ParityAsk ask;
    try {
      ask =
          ParityAsk.of(
              Templates.fill(s.service(), vars),
              Templates.fill(s.from(), vars),
              Templates.fill(s.to(), vars),
              Durations.format(s.window()));
    } catch (ProblemException e) {
      throw new SourceException("parity source: " + e.detail());
    }
    Instant end = c.to();
    String what =
        "parity of service="
            + ask.service()
            + " "
            + ask.from()
            + " vs "
            + ask.to()
            + " over "
            + Durations.format(ask.window())
            + (s.kinds().isEmpty() ? "" : " kinds=" + kinds(s));
    ParityReport report;
    try {
      report = parity.compare(ask, end.minus(ask.window()), end);
    } catch (ProblemException e) {
      if (e.type() != ProblemType.NOT_FOUND) {
        throw new SourceException("parity source: " + e.detail());
      }
      c.asked().put(side.name(), what + ": no facts in either environment");
      return observation(Optional.empty());
    } catch (RuntimeException e) {
      throw new SourceException("reading environment facts failed", e);
    }
    if (report.fromFacts() == 0 || report.toFacts() == 0) {
      c.asked()
          .put(
              side.name(),
              what + ": no facts in " + (report.fromFacts() == 0 ? ask.from() : ask.to()));
      return observation(Optional.empty());
    }
    List<ParityReport.Difference> counted =
        report.differences().stream()
            .filter(d -> s.counts(Parity.FactKind.valueOf(d.factKind().toUpperCase(Locale.ROOT))))
            .toList();
    StringBuilder evidence = new StringBuilder(what).append(": ").append(counted.size());
    evidence.append(counted.size() == 1 ? " difference" : " differences");
    for (int i = 0; i < Math.min(NAMED, counted.size()); i++) {
      ParityReport.Difference d = counted.get(i);
      evidence
          .append(i == 0 ? " (" : "; ")
          .append(d.fact())
          .append(": ")
          .append(d.from() == null ? "–" : d.from())
          .append(" vs ")
          .append(d.to() == null ? "–" : d.to());
    }
    if (!counted.isEmpty()) {
      evidence.append(counted.size() > NAMED ? "; …)" : ")");
    }
    c.asked().put(side.name(), evidence.toString());
    return observation(Optional.of(Measurement.ofValue(counted.size())));
  }

  private static String kinds(Parity s) {
    return String.join(
        ",", s.kinds().stream().sorted().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
  }

  private static SliObservation observation(Optional<Measurement> m) {
    return new SliObservation(
        Optional.empty(), Optional.empty(), m, List.of(), List.of(), Optional.empty());
  }
}

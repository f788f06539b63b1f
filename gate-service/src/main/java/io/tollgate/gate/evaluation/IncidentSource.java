package io.tollgate.gate.evaluation;

import io.tollgate.gate.incidents.FailureMode;
import io.tollgate.gate.incidents.IncidentService;
import io.tollgate.rules.model.Incidents;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.observation.Measurement;
import io.tollgate.rules.observation.SliObservation;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code incidents} SLIs: the failure modes of the service's last incident (within {@code
 * withinDays} of the window's end, when set), all of them or those no test covers. A service with
 * no such incident has none: the count is 0, and the evidence says so.
 */
@Singleton
final class IncidentSource implements ObservationSource<Incidents> {
  private final IncidentService incidents;

  IncidentSource(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public Class<Incidents> type() {
    return Incidents.class;
  }

  /** Flag selectors are fine: it incidents are per service, whatever the variant. */
  @Override
  public boolean supportsFlagSelectors() {
    return true;
  }

  @Override
  public SliObservation observe(Incidents s, Sli sli, ObservationContext c) throws SourceException {
    Side side = c.sides().canaryAnalysis() ? c.sides().canary() : c.sides().target();
    String service = Templates.fill(s.service(), c.variables(side));
    Optional<IncidentService.Detail> last;
    try {
      last = incidents.last(service);
    } catch (RuntimeException e) {
      throw new SourceException("reading incidents failed", e);
    }
    Instant to = c.to();
    if (last.isPresent()
        && s.withinDays() > 0
        && last.get().incident().startedAt().isBefore(to.minus(Duration.ofDays(s.withinDays())))) {
      last = Optional.empty();
    }
    long n = 0;
    if (last.isEmpty()) {
      c.asked()
          .put(
              side.name(),
              "last incident of service="
                  + service
                  + (s.withinDays() > 0 ? " within " + s.withinDays() + " days" : "")
                  + ": none");
    } else {
      List<FailureMode> modes = last.get().failureModes();
      n =
          s.measure() == Incidents.Measure.UNCOVERED
              ? modes.stream().filter(FailureMode::uncovered).count()
              : modes.size();
      c.asked()
          .put(
              side.name(),
              "incident "
                  + last.get().incident().id()
                  + " of service="
                  + service
                  + " ("
                  + last.get().incident().startedAt()
                  + "): "
                  + modes.size()
                  + " failure modes, "
                  + modes.stream().filter(FailureMode::uncovered).count()
                  + " with no covering test");
    }
    return new SliObservation(
        Optional.empty(),
        Optional.empty(),
        Optional.of(Measurement.ofValue(n)),
        List.of(),
        List.of(),
        Optional.empty());
  }
}

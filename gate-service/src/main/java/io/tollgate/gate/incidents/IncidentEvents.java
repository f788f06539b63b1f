package io.tollgate.gate.incidents;

import io.micronaut.http.HttpStatus;
import io.tollgate.gate.cdevents.CdEventHandler;
import io.tollgate.gate.cdevents.Envelope;
import io.tollgate.gate.security.Role;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * CDEvents incident events: a detected (or reported) event creates the incident once; a resolved
 * event closes it.
 */
@Singleton
final class IncidentEvents implements CdEventHandler {
  private final IncidentService incidents;
  private final Clock clock;

  IncidentEvents(IncidentService incidents, Clock clock) {
    this.incidents = incidents;
    this.clock = clock;
  }

  @Override
  public boolean takes(Envelope event) {
    return event.type().startsWith(CdEvent.PREFIX);
  }

  @Override
  public java.util.List<Role> roles() {
    return java.util.List.of(Role.SRE);
  }

  @Override
  public String describe() {
    return "dev.cdevents.incident.detected, .reported or .resolved";
  }

  @Override
  public Handled handle(Envelope event, Sender who) {
    CdEvent e = CdEvent.read(event);
    if (e.predicate() == CdEvent.Predicate.RESOLVED) {
      return new Handled(
          HttpStatus.OK, incidents.resolved(e.source(), e.subjectId(), e.at(), who.name()));
    }
    var known = incidents.bySource(e.source(), e.subjectId());
    if (known.isPresent()) {
      return new Handled(HttpStatus.OK, known.get());
    }
    Incident i =
        incidents.detected(
            new Incident(
                0,
                e.service(),
                e.description(),
                e.severity() == null
                    ? Severity.UNKNOWN
                    : Severity.parse(e.severity()).orElse(Severity.UNKNOWN),
                e.environment(),
                e.at(),
                null,
                e.source(),
                e.subjectId(),
                who.name(),
                clock.instant()));
    return new Handled(HttpStatus.CREATED, i);
  }
}

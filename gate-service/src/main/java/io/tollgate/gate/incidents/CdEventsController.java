package io.tollgate.gate.incidents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.security.Role;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Receives CDEvents incident events over the CloudEvents HTTP binding, structured or binary mode. A
 * detected (or reported) event creates the incident once; a resolved event closes it.
 */
@Controller("/api/v1/events/cdevents")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "incidents")
class CdEventsController {
  static final int MAX_BYTES = 256 * 1024;

  private final IncidentService incidents;
  private final JsonMapper json;
  private final Clock clock;

  CdEventsController(IncidentService incidents, JsonMapper json, Clock clock) {
    this.incidents = incidents;
    this.json = json;
    this.clock = clock;
  }

  @Operation(
      summary = "Receive a CDEvents incident event (CloudEvents structured or binary mode)",
      description =
          "dev.cdevents.incident.detected and .reported create the incident named by subject.id"
              + " and subject.source (once: a repeat returns it); .resolved sets its end.")
  @Post(consumes = {"application/cloudevents+json", MediaType.APPLICATION_JSON})
  @Secured(Role.SRE_NAME)
  HttpResponse<Incident> receive(
      HttpRequest<?> request, @Nullable @Body byte[] body, Authentication who) {
    if (body != null && body.length > MAX_BYTES) {
      throw new ProblemException(
          ProblemType.PAYLOAD_TOO_LARGE, "an event may have at most " + MAX_BYTES + " bytes");
    }
    Map<String, String> ce = new HashMap<>();
    request
        .getHeaders()
        .forEach(
            (name, values) -> {
              String n = name.toLowerCase(Locale.ROOT);
              if (n.startsWith("ce-") && !values.isEmpty()) {
                ce.put(n, values.get(0));
              }
            });
    CdEvent e = CdEvent.read(json, body, ce);
    String who1 = who.getName();
    if (e.predicate() == CdEvent.Predicate.RESOLVED) {
      return HttpResponse.ok(incidents.resolved(e.source(), e.subjectId(), e.at(), who1));
    }
    var known = incidents.bySource(e.source(), e.subjectId());
    if (known.isPresent()) {
      return HttpResponse.ok(known.get());
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
                who1,
                clock.instant()));
    return HttpResponse.created(i);
  }
}

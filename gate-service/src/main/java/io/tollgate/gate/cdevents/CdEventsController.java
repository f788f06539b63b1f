package io.tollgate.gate.cdevents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.evaluation.Caller;
import io.tollgate.gate.security.Role;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Receives CDEvents over the CloudEvents HTTP binding, structured or binary mode, and dispatches
 * them by type: incident events (sre) create and resolve incidents, service events (pipeline or
 * sre) start the gates bound to the service.
 */
@Controller("/api/v1/events/cdevents")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "events in")
class CdEventsController {
  private final CdEvents events;

  CdEventsController(CdEvents events) {
    this.events = events;
  }

  @Operation(
      summary = "Receive a CDEvent (CloudEvents structured or binary mode)",
      description =
          "dev.cdevents.incident.detected and .reported create the incident named by subject.id"
              + " and subject.source (once: a repeat returns it); .resolved sets its end (sre)."
              + " dev.cdevents.service.deployed, .upgraded and .rolledback record the deployment"
              + " and start the gates bound to the service in post-deploy mode (pipeline or sre).")
  @Post(consumes = {"application/cloudevents+json", MediaType.APPLICATION_JSON})
  @Secured({Role.SRE_NAME, Role.PIPELINE_NAME})
  HttpResponse<Object> receive(
      HttpRequest<?> request, @Nullable @Body byte[] body, Authentication who) {
    Map<String, String> ce = new HashMap<>();
    request
        .getHeaders()
        .forEach(
            (name, values) -> {
              String n = name.toLowerCase(Locale.ROOT);
              if (n.startsWith("ce-") && !values.isEmpty()) {
                ce.put(n.substring(3), values.get(0));
              }
            });
    CdEvents.Routed routed = events.route(body, ce);
    if (!routed.allowed(who.getRoles())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "a token with the role "
              + routed.handler().roles().stream().map(Role::id).toList()
              + " is needed for "
              + routed.event().type());
    }
    CdEventHandler.Handled h =
        routed.handle(new CdEventHandler.Sender(who.getName(), Caller.of(who)));
    return HttpResponse.status(h.status()).body(h.body());
  }
}

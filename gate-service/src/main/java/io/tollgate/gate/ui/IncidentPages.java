package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.tollgate.gate.incidents.FailureMode;
import io.tollgate.gate.incidents.IncidentService;
import io.tollgate.gate.redaction.Redactor;
import io.tollgate.gate.scenarios.Coverage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Incidents, and one incident: its failure modes, which tests cover them, which none does. */
@Controller("/ui/incidents")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class IncidentPages {
  static final int SHOWN = 200;

  private final IncidentService incidents;
  private final Redactor redactor;

  IncidentPages(IncidentService incidents, Redactor redactor) {
    this.incidents = incidents;
    this.redactor = redactor;
  }

  @Get
  HttpResponse<?> list(
      HttpRequest<?> request, @Nullable Authentication who, @QueryValue @Nullable String service) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    String s = service == null || service.isBlank() ? null : service.strip();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("incidents", incidents.page(s, null, SHOWN));
    m.put("service", s == null ? "" : s);
    return Pages.page(request, who, "incidents", "incidents", m);
  }

  @Get("/{id}")
  HttpResponse<?> one(
      HttpRequest<?> request, @Nullable Authentication who, @PathVariable String id) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    long n;
    try {
      n = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw io.tollgate.gate.api.ProblemException.notFound("incident " + id);
    }
    IncidentService.Detail d = incidents.detail(n, redactor.forViewer(who));
    List<FailureMode> modes = d.failureModes();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("i", d.incident());
    m.put("modes", modes);
    m.put("uncovered", modes.stream().filter(x -> x.coverage() == Coverage.UNCOVERED).toList());
    m.put("touched", modes.stream().filter(x -> x.coverage() == Coverage.TOUCHED).toList());
    m.put("covered", modes.stream().filter(x -> x.coverage() == Coverage.COVERED).toList());
    return Pages.page(request, who, "incident", "incidents", m);
  }
}

package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Hidden;
import io.tollgate.gate.redaction.Redactor;
import io.tollgate.gate.scenarios.Coverage;
import io.tollgate.gate.scenarios.Environment;
import io.tollgate.gate.scenarios.Requests;
import io.tollgate.gate.scenarios.Scenario;
import io.tollgate.gate.scenarios.ScenarioCatalog;
import io.tollgate.gate.scenarios.ScenarioCursor;
import io.tollgate.gate.scenarios.TriageState;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** The failure scenario catalog and one scenario with its triage form. */
@Controller("/ui/scenarios")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class ScenarioPages {
  /** Scenarios per page of the list. */
  static final int PAGE = 100;

  private final ScenarioCatalog catalog;
  private final Redactor redactor;

  ScenarioPages(ScenarioCatalog catalog, Redactor redactor) {
    this.catalog = catalog;
    this.redactor = redactor;
  }

  @Serdeable
  record TriageForm(
      @Nullable String _csrf,
      @Nullable String state,
      @Nullable String owner,
      @Nullable String ticketUrl,
      @Nullable String comment) {}

  @Get
  HttpResponse<?> list(
      HttpRequest<?> request,
      @Nullable Authentication who,
      @QueryValue @Nullable String environment,
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String coverage,
      @QueryValue("new-in-canary") @Nullable Boolean newInCanary,
      @QueryValue @Nullable String triage,
      @QueryValue @Nullable String cursor) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    ScenarioCatalog.Filter filter =
        Requests.filter(environment, service, coverage, newInCanary, triage);
    ScenarioCursor after =
        cursor == null || cursor.isBlank() ? null : ScenarioCursor.parse(cursor.strip());
    List<Scenario> fetched = catalog.page(filter, after, PAGE + 1);
    List<Scenario> shown = fetched.subList(0, Math.min(PAGE, fetched.size()));
    Map<String, Object> m = new LinkedHashMap<>();
    UnaryOperator<String> show = redactor.forViewer(who);
    m.put("scenarios", shown.stream().map(s -> s.shownWith(show)).toList());
    m.put("total", catalog.count(filter));
    m.put("paged", after != null);
    m.put(
        "next",
        fetched.size() > PAGE ? ScenarioCursor.of(shown.get(shown.size() - 1)).key() : null);
    m.put("services", catalog.services());
    m.put("environment", environment == null ? "" : environment);
    m.put("service", service == null ? "" : service);
    m.put("coverage", coverage == null ? "" : coverage);
    m.put("newInCanary", Boolean.TRUE.equals(newInCanary));
    m.put("triage", triage == null ? "" : triage);
    m.put("states", TriageState.values());
    m.put(
        "filtered",
        Stream.of(environment, service, coverage, triage).anyMatch(v -> v != null && !v.isBlank())
            || Boolean.TRUE.equals(newInCanary));
    m.put(
        "uncoveredInProduction",
        catalog.count(
            new ScenarioCatalog.Filter(
                Environment.PRODUCTION, null, Coverage.UNCOVERED, false, null)));
    m.put(
        "newInCanaryCount",
        catalog.count(new ScenarioCatalog.Filter(null, null, null, true, null)));
    return Pages.page(request, who, "scenarios", "scenarios", m);
  }

  @Get("/{id}")
  HttpResponse<?> one(
      HttpRequest<?> request, @Nullable Authentication who, @PathVariable String id) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    ScenarioCatalog.Detail d =
        catalog.get(Requests.scenarioId(id)).shownWith(redactor.forViewer(who));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", d.scenario());
    m.put("timeline", d.timeline());
    m.put("affected", d.affectedSlis());
    m.put("chart", Svg.timeline(d.timeline()));
    m.put("states", TriageState.values());
    m.put("saved", request.getParameters().contains("saved"));
    return Pages.page(request, who, "scenario", "scenarios", m);
  }

  @Post(value = "/{id}/triage", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> triage(
      HttpRequest<?> request,
      @Nullable Authentication who,
      @PathVariable String id,
      @Body TriageForm form) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.checkCsrf(request, form._csrf());
    Pages.require(who, "qa");
    Pages.text("state", form.state(), 32);
    Pages.text("owner", form.owner(), 200);
    Pages.text("ticketUrl", form.ticketUrl(), 2000);
    Pages.text("comment", form.comment(), 4000);
    String sid = Requests.scenarioId(id);
    catalog.triage(
        sid,
        Requests.state(form.state()),
        form.owner(),
        Requests.ticketUrl(form.ticketUrl()),
        form.comment(),
        who.getName());
    return HttpResponse.seeOther(URI.create("/ui/scenarios/" + sid + "?saved"));
  }
}

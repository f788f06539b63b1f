package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.Inputs;
import io.tollgate.gate.api.Paging;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.redaction.Redactor;
import io.tollgate.gate.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Failure scenarios: QA and viewers read the catalog; QA triages scenarios and manages the rules
 * that triage future matches and link tests to operations.
 *
 * <pre>
 * curl -H "Authorization: Bearer $TOKEN" "$TOLLGATE/api/v1/scenarios?environment=production&amp;coverage=uncovered"
 * </pre>
 */
@Controller("/api/v1/scenarios")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "scenarios")
class ScenarioController {
  private final ScenarioCatalog catalog;
  private final Redactor redactor;

  ScenarioController(ScenarioCatalog catalog, Redactor redactor) {
    this.catalog = catalog;
    this.redactor = redactor;
  }

  @Serdeable
  record TriageBody(
      @NotBlank @Size(max = 32) String state,
      @Nullable @Size(max = 200) String owner,
      @Nullable @Size(max = 2000) String ticketUrl,
      @Nullable @Size(max = 4000) String comment) {}

  @Serdeable
  record TriageRuleBody(
      @NotBlank @Size(max = 1000) String pattern,
      @Nullable @Size(max = 32) String environment,
      @NotBlank @Size(max = 32) String state,
      @Nullable @Size(max = 200) String owner,
      @Nullable @Size(max = 2000) String ticketUrl,
      @Nullable @Size(max = 4000) String comment) {}

  @Serdeable
  record TriageRuleView(
      long id,
      String pattern,
      @Nullable String environment,
      String state,
      @Nullable String owner,
      @Nullable String ticketUrl,
      @Nullable String comment,
      String createdBy,
      Instant createdAt) {
    static TriageRuleView of(TriageRule r) {
      return new TriageRuleView(
          r.id(),
          r.pattern().pattern(),
          r.environment() == null ? null : r.environment().id(),
          r.state().id(),
          r.owner(),
          r.ticketUrl(),
          r.comment(),
          r.createdBy(),
          r.createdAt());
    }
  }

  @Serdeable
  record MappingRuleBody(
      @Nullable @Size(max = 16) String kind,
      @NotBlank @Size(max = 1000) String pattern,
      @NotBlank @Size(max = 200) String service,
      @NotBlank @Size(max = 512) String operation) {}

  @Serdeable
  record MappingRuleView(
      long id,
      String kind,
      String pattern,
      String service,
      String operation,
      String createdBy,
      Instant createdAt) {
    static MappingRuleView of(MappingRule r) {
      return new MappingRuleView(
          r.id(),
          r.kind() == null ? "any" : r.kind().id(),
          r.pattern().pattern(),
          r.service(),
          r.operation(),
          r.createdBy(),
          r.createdAt());
    }
  }

  @Operation(
      summary = "List failure scenarios, newest first within each environment",
      description =
          "Paged: `limit` (1 to 1000, default 100) items, then `cursor` = the `X-Next-Cursor`"
              + " header of the page before (also in `Link: <...>; rel=\"next\"`); the last page"
              + " has neither.")
  @Get
  @Secured({Role.VIEWER_NAME, Role.QA_NAME})
  HttpResponse<List<Scenario>> list(
      HttpRequest<?> request,
      Authentication who,
      @QueryValue @Nullable String environment,
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String coverage,
      @QueryValue("new-in-canary") @Nullable Boolean newInCanary,
      @QueryValue @Nullable String triage,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    Paging.Page page = Paging.page(limit, cursor, 100);
    ScenarioCursor after = page.after() == null ? null : ScenarioCursor.parse(page.after());
    List<Scenario> fetched =
        catalog.page(
            Requests.filter(environment, service, coverage, newInCanary, triage),
            after,
            page.limit() + 1);
    UnaryOperator<String> show = redactor.forViewer(who);
    List<Scenario> shown = fetched.stream().map(s -> s.shownWith(show)).toList();
    return Paging.respond(request, shown, page, s -> ScenarioCursor.of(s).key());
  }

  @Operation(summary = "One failure scenario with its timeline")
  @Get("/{id}")
  @Secured({Role.VIEWER_NAME, Role.QA_NAME})
  ScenarioCatalog.Detail get(@PathVariable String id, Authentication who) {
    return catalog.get(Requests.scenarioId(id)).shownWith(redactor.forViewer(who));
  }

  @Operation(summary = "Triage a scenario (audited)")
  @Put("/{id}/triage")
  @Secured(Role.QA_NAME)
  ScenarioCatalog.Detail triage(
      @PathVariable String id, @Body @Valid TriageBody body, Authentication who) {
    Inputs.noNulIn(body);
    return catalog
        .triage(
            Requests.scenarioId(id),
            Requests.state(body.state()),
            body.owner(),
            Requests.ticketUrl(body.ticketUrl()),
            body.comment(),
            who.getName())
        .shownWith(redactor.forViewer(who));
  }

  @Operation(summary = "Rules that triage matching scenarios automatically")
  @Get("/triage-rules")
  @Secured({Role.VIEWER_NAME, Role.QA_NAME})
  List<TriageRuleView> triageRules() {
    return catalog.triageRules().stream().map(TriageRuleView::of).toList();
  }

  @Operation(summary = "Add a triage rule: a regex over 'service operation errorClass message'")
  @Post("/triage-rules")
  @Secured(Role.QA_NAME)
  HttpResponse<TriageRuleView> addTriageRule(@Body @Valid TriageRuleBody body, Authentication who) {
    Inputs.noNulIn(body);
    TriageRule rule =
        new TriageRule(
            0,
            Requests.pattern(body.pattern()),
            body.environment() == null || body.environment().isBlank()
                ? null
                : Environment.parse(body.environment())
                    .orElseThrow(() -> ProblemException.badRequest("unknown environment")),
            Requests.state(body.state()),
            body.owner(),
            Requests.ticketUrl(body.ticketUrl()),
            body.comment(),
            who.getName(),
            Instant.now());
    return HttpResponse.created(TriageRuleView.of(catalog.addTriageRule(rule)));
  }

  @Operation(summary = "Delete a triage rule")
  @Delete("/triage-rules/{id}")
  @Secured(Role.QA_NAME)
  HttpResponse<Void> deleteTriageRule(@PathVariable long id, Authentication who) {
    catalog.deleteRule(false, id, who.getName());
    return HttpResponse.noContent();
  }

  @Operation(
      summary = "Rules that link tests (JUnit class names, k6 checks, JMeter labels) to operations")
  @Get("/mapping-rules")
  @Secured({Role.VIEWER_NAME, Role.QA_NAME})
  List<MappingRuleView> mappingRules() {
    return catalog.mappingRules().stream().map(MappingRuleView::of).toList();
  }

  @Operation(
      summary = "Add a mapping rule: tests whose key matches the regex exercise the operation")
  @Post("/mapping-rules")
  @Secured(Role.QA_NAME)
  HttpResponse<MappingRuleView> addMappingRule(
      @Body @Valid MappingRuleBody body, Authentication who) {
    Inputs.noNulIn(body);
    MappingRule rule =
        new MappingRule(
            0,
            Requests.kind(body.kind()),
            Requests.pattern(body.pattern()),
            body.service().strip(),
            body.operation().strip(),
            who.getName(),
            Instant.now());
    return HttpResponse.created(MappingRuleView.of(catalog.addMappingRule(rule)));
  }

  @Operation(summary = "Delete a mapping rule")
  @Delete("/mapping-rules/{id}")
  @Secured(Role.QA_NAME)
  HttpResponse<Void> deleteMappingRule(@PathVariable long id, Authentication who) {
    catalog.deleteRule(true, id, who.getName());
    return HttpResponse.noContent();
  }
}

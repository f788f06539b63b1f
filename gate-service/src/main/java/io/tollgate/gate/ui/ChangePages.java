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
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.deploy.Change;
import io.tollgate.gate.deploy.Changes;
import io.tollgate.gate.deploy.Recommendation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Release changes (deployments, rollbacks, flag changes) with the gates each started: their status,
 * outcome and recommendation; and one change. Readable by whoever reads {@code GET /api/v1/changes}
 * and can sign in to the UI (a viewer, and every role that reads as one).
 */
@Controller("/ui/changes")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class ChangePages {
  /** Changes per page of the list. */
  static final int PAGE = 100;

  private static final String ROLLBACK = Recommendation.ROLLBACK.id();

  private final Changes changes;

  ChangePages(Changes changes) {
    this.changes = changes;
  }

  @Get
  HttpResponse<?> list(
      HttpRequest<?> request,
      @Nullable Authentication who,
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String before) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    String s = service == null || service.isBlank() ? null : service.strip();
    Pages.text("service", s, 200);
    Long beforeId = Pages.beforeId(before);
    List<Change> found = changes.page(s, beforeId, PAGE + 1);
    List<Change> shown = found.subList(0, Math.min(PAGE, found.size()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("changes", shown);
    m.put(
        "rollbacks",
        shown.stream()
            .filter(c -> c.watches().stream().anyMatch(w -> ROLLBACK.equals(w.recommendation())))
            .map(Change::id)
            .collect(Collectors.toSet()));
    m.put("service", s == null ? "" : s);
    m.put("paged", beforeId != null);
    m.put("older", found.size() > PAGE ? shown.get(shown.size() - 1).id() : null);
    return Pages.page(request, who, "changes", "changes", m);
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
      throw ProblemException.notFound("change " + id);
    }
    return Pages.page(request, who, "change", "changes", Map.of("c", changes.get(n)));
  }

  /**
   * What the decision page shows of the change a post-deploy evaluation watches: the change's id
   * from its request context; empty for a pipeline's evaluation.
   */
  static Map<String, Object> watched(Map<String, Object> request) {
    if (request.get("context") instanceof Map<?, ?> context
        && Recommendation.POST_DEPLOY.equals(context.get(Recommendation.MODE))
        && context.get("change") instanceof String change
        && change.matches("[0-9]{1,18}")) {
      return Map.of("watchedChange", change);
    }
    return Map.of();
  }
}

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
import io.tollgate.gate.redaction.Redactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Test runs: the list, and one run with its failures, failed and flaky cases. */
@Controller("/ui/test-runs")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class TestRunPages {
  /** Test runs per page of the list. */
  static final int PAGE = 100;

  private final TestRunTables tables;
  private final Redactor redactor;
  private final TestRunTraffic traffic;

  TestRunPages(TestRunTables tables, Redactor redactor, TestRunTraffic traffic) {
    this.tables = tables;
    this.redactor = redactor;
    this.traffic = traffic;
  }

  /** Rows with the text in {@code column} as this reader is shown it. */
  private List<Map<String, Object>> shown(
      List<Map<String, Object>> rows, String column, UnaryOperator<String> show) {
    return rows.stream()
        .map(
            r -> {
              Map<String, Object> out = new LinkedHashMap<>(r);
              if (out.get(column) instanceof String text) {
                out.put(column, show.apply(text));
              }
              return out;
            })
        .toList();
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
    Long beforeId = Pages.beforeId(before);
    List<Map<String, Object>> found = tables.runs(s, beforeId, PAGE + 1);
    List<Map<String, Object>> runs = found.subList(0, Math.min(PAGE, found.size()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runs", runs);
    m.put("service", s == null ? "" : s);
    m.put("paged", beforeId != null);
    m.put("older", found.size() > PAGE ? runs.get(runs.size() - 1).get("id") : null);
    return Pages.page(request, who, "testruns", "test-runs", m);
  }

  @Get("/{id}")
  HttpResponse<?> one(
      HttpRequest<?> request,
      @Nullable Authentication who,
      @PathVariable long id,
      @QueryValue @Nullable String cases) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    Map<String, Object> run = tables.run(id);
    if (run == null) {
      throw ProblemException.notFound("test run " + id);
    }
    boolean all = "all".equals(cases);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", run);
    UnaryOperator<String> show = redactor.forViewer(who);
    List<Map<String, Object>> caseRows = tables.cases(id, all);
    List<Map<String, Object>> failureRows = tables.failures(id);
    m.put("cases", shown(caseRows, "failure_message", show));
    m.put("failures", shown(failureRows, "message", show));
    m.put("casesCut", caseRows.size() >= TestRunTables.MAX_CASES);
    m.put("failuresCut", failureRows.size() >= TestRunTables.MAX_FAILURES);
    m.put("all", all);
    m.putAll(traffic.of(id, show));
    return Pages.page(request, who, "testrun", "test-runs", m);
  }
}

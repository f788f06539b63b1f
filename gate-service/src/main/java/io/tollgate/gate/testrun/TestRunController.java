package io.tollgate.gate.testrun;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.Paging;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.redaction.Redactor;
import io.tollgate.gate.security.Role;
import io.tollgate.gate.store.AuditLog;
import io.tollgate.ingest.testrun.TestRunIds;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;

/**
 * Pipelines upload test runs (JUnit XML, k6 summaries, JMeter CSV); QA and viewers read them.
 *
 * <pre>
 * curl -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/xml' \
 *   --data-binary @target/surefire-reports/TEST-CheckoutTest.xml \
 *   "$TOLLGATE/api/v1/test-runs?service=checkout&amp;version=1.4.2&amp;suite=integration"
 * </pre>
 */
@Controller("/api/v1/test-runs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "test runs")
class TestRunController {
  private final TestRunService service;
  private final ApplicationEventPublisher<TestRunChanged> changed;
  private final TestRunViews views;
  private final TestRunRepositories.Runs runs;
  private final AuditLog audit;
  private final Redactor redactor;
  private final TestRunTraceIds traceIds;

  TestRunController(
      TestRunService service,
      TestRunViews views,
      TestRunRepositories.Runs runs,
      AuditLog audit,
      ApplicationEventPublisher<TestRunChanged> changed,
      Redactor redactor,
      TestRunTraceIds traceIds) {
    this.traceIds = traceIds;
    this.changed = changed;
    this.redactor = redactor;
    this.service = service;
    this.views = views;
    this.runs = runs;
    this.audit = audit;
  }

  @Operation(
      summary = "Upload a test-run file as a new run",
      description =
          "The body is the file itself: JUnit XML, a k6 summary (--summary-export or"
              + " handleSummary JSON) or JMeter CSV. The format is sniffed unless given.")
  @Post(consumes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  @Secured(Role.PIPELINE_NAME)
  HttpResponse<TestRunViews.Run> upload(
      @QueryValue @NotBlank @Size(max = 200) String service,
      @QueryValue @Nullable @Size(max = 200) String version,
      @QueryValue @Nullable @Size(max = 200) String suite,
      @QueryValue @Nullable @Size(max = 100) String environment,
      @QueryValue @Nullable @Size(max = 400) String pipeline,
      @QueryValue @Nullable @Size(max = 100) String commit,
      @QueryValue @Nullable @Size(max = 2000) String buildUrl,
      @QueryValue @Nullable String format,
      @QueryValue @Nullable @Size(max = TestRunIds.MAX_LENGTH) String testRunId,
      @Body byte[] file,
      Authentication who) {
    TestRunRow row =
        this.service.create(
            new TestRunService.Metadata(
                service, version, suite, environment, pipeline, commit, buildUrl),
            format,
            file,
            who.getName());
    traceIds.record(row.id(), testRunId, file);
    changed.publishEvent(new TestRunChanged(row.service()));
    return HttpResponse.created(views.run(row, false))
        .headers(h -> h.location(URI.create("/api/v1/test-runs/" + row.id())));
  }

  @Operation(summary = "Add another file to a run (e.g. one Surefire report per test class)")
  @Post(uri = "/{id}/files", consumes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  @Secured(Role.PIPELINE_NAME)
  TestRunViews.Run append(
      @PathVariable long id, @QueryValue @Nullable String format, @Body byte[] file) {
    TestRunRow row = service.append(id, format, file);
    changed.publishEvent(new TestRunChanged(row.service()));
    return views.run(row, false);
  }

  @Serdeable
  record PinRequest(boolean pinned, boolean excluded) {}

  @Operation(
      summary = "Pin a run as a history baseline, or exclude it from history",
      description = "vsHistory criteria of testrun SLIs honour pinned and excluded runs.")
  @Post("/{id}/pin")
  @Secured(Role.SRE_NAME)
  TestRunViews.Summary pin(@PathVariable long id, @Body PinRequest body, Authentication who) {
    if (body.pinned() && body.excluded()) {
      throw new ProblemException(
          ProblemType.VALIDATION, "a run cannot be pinned and excluded at once");
    }
    TestRunRow run =
        runs.findById(id).orElseThrow(() -> ProblemException.notFound("test run " + id));
    runs.updatePinnedAndExcluded(id, body.pinned(), body.excluded());
    if (run.excluded() != body.excluded()) {
      changed.publishEvent(new TestRunChanged(run.service()));
    }
    audit.record(
        who.getName(),
        "test-run.pin",
        "test-run/" + id,
        "pinned=" + body.pinned() + " excluded=" + body.excluded());
    return TestRunViews.summary(runs.findById(id).orElseThrow());
  }

  @Operation(
      summary = "List test runs, newest first",
      description =
          "Paged: `limit` (1 to 1000) items, then `cursor` = the `X-Next-Cursor` header of the"
              + " page before (also in `Link: <...>; rel=\"next\"`); the last page has neither.")
  @Get
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  HttpResponse<List<TestRunViews.Summary>> list(
      HttpRequest<?> request,
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String version,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    Paging.Page paging = Paging.page(limit, cursor, 50);
    Pageable page = Pageable.from(0, paging.limit() + 1);
    // ids only grow: the page after the one ending at id N is the runs below N
    long before = paging.after() == null ? Long.MAX_VALUE : Paging.afterId(paging);
    List<TestRunRow> rows =
        service == null
            ? runs.findByIdLessThanOrderByIdDesc(before, page)
            : version == null
                ? runs.findByServiceAndIdLessThanOrderByIdDesc(service, before, page)
                : runs.findByServiceAndVersionAndIdLessThanOrderByIdDesc(
                    service, version, before, page);
    return Paging.respond(
        request,
        rows.stream().map(TestRunViews::summary).toList(),
        paging,
        r -> Long.toString(r.id()));
  }

  @Operation(
      summary = "One test run with its metrics, thresholds, failures and cases",
      description = "Cases are the failed, errored, flaky and skipped ones unless cases=all.")
  @Get("/{id}")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  TestRunViews.Run get(
      @PathVariable long id,
      @QueryValue(defaultValue = "notable") String cases,
      Authentication who) {
    TestRunRow row =
        runs.findById(id).orElseThrow(() -> ProblemException.notFound("test run " + id));
    return views.run(row, "all".equals(cases)).shownWith(redactor.forViewer(who));
  }
}

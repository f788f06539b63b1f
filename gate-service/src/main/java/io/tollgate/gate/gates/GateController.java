package io.tollgate.gate.gates;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.Paging;
import io.tollgate.gate.security.Role;
import io.tollgate.rules.check.Severity;
import io.tollgate.rules.parse.ParseResult;
import java.util.Arrays;
import java.util.List;

/**
 * SREs author gates (YAML, or JSON, which is YAML too); everyone with a token reads them. Every
 * change is a new immutable version.
 */
@Controller("/api/v1/gates")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "gates")
class GateController {
  static final String YAML = "application/yaml";

  private final GateService gates;

  GateController(GateService gates) {
    this.gates = gates;
  }

  @Operation(summary = "Create a gate or add a version (the name comes from metadata.name)")
  @Post
  @Consumes({
    YAML,
    "application/x-yaml",
    "text/yaml",
    "text/x-yaml",
    "text/plain",
    "application/json"
  })
  @Secured(Role.SRE_NAME)
  HttpResponse<GateViews.Saved> create(
      @Body String document, @Nullable @QueryValue String note, Authentication who) {
    return saved(gates.save(document, who.getName(), null, null, note));
  }

  @Operation(summary = "Add a version of the named gate")
  @Put("/{name}")
  @Consumes({
    YAML,
    "application/x-yaml",
    "text/yaml",
    "text/x-yaml",
    "text/plain",
    "application/json"
  })
  @Secured(Role.SRE_NAME)
  HttpResponse<GateViews.Saved> put(
      @PathVariable String name,
      @Body String document,
      @Nullable @QueryValue String note,
      Authentication who) {
    return saved(gates.save(document, who.getName(), name, null, note));
  }

  @Operation(
      summary = "Check a gate document without storing it",
      description =
          "200 with warnings when it is valid; 422 problem+json with positioned issues"
              + " otherwise.")
  @Post("/validate")
  @Consumes({
    YAML,
    "application/x-yaml",
    "text/yaml",
    "text/x-yaml",
    "text/plain",
    "application/json"
  })
  @Secured({Role.SRE_NAME, Role.PIPELINE_NAME})
  GateViews.Validated validate(@Body String document) {
    ParseResult r = gates.validate("gate.yaml", document);
    var gate = r.gate().orElseThrow(() -> GateService.invalid(r.issues(), document));
    return new GateViews.Validated(true, gate.metadata().name(), gate.slis().size(), warnings(r));
  }

  @Operation(
      summary = "List gates, by name",
      description =
          "Paged: `limit` (1 to 1000) items, then `cursor` = the `X-Next-Cursor` header of the"
              + " page before (also in `Link: <...>; rel=\"next\"`); the last page has neither.")
  @Get
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  HttpResponse<List<GateViews.Summary>> list(
      HttpRequest<?> request,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    Paging.Page page = Paging.page(limit, cursor, 100);
    return Paging.respond(
        request,
        gates.list(page.after(), page.limit() + 1).stream().map(GateViews.Summary::of).toList(),
        page,
        GateViews.Summary::name);
  }

  @Operation(
      summary = "A gate's document, the latest version or the one asked for",
      description = "JSON by default; the raw YAML with Accept: application/yaml.")
  @Get(
      uri = "/{name}",
      produces = {"application/json", YAML})
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  HttpResponse<?> get(
      @PathVariable String name,
      @Nullable @QueryValue Integer version,
      @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
    GateVersionRow v = gates.version(name, version);
    if (accept != null && accept.contains("yaml")) {
      return HttpResponse.ok(v.document()).contentType(YAML);
    }
    return HttpResponse.ok(GateViews.Document.of(v));
  }

  @Operation(summary = "A gate's versions, newest first")
  @Get("/{name}/versions")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  List<GateViews.Version> history(@PathVariable String name) {
    return gates.history(name).stream().map(GateViews.Version::of).toList();
  }

  @Operation(summary = "Unified diff between two versions of a gate")
  @Get("/{name}/diff")
  @Secured({Role.VIEWER_NAME, Role.PIPELINE_NAME})
  GateViews.Diff diff(
      @PathVariable String name, @QueryValue int from, @Nullable @QueryValue Integer to) {
    GateVersionRow a = gates.version(name, from);
    GateVersionRow b = gates.version(name, to);
    List<String> left = Arrays.asList(a.document().split("\n", -1));
    List<String> right = Arrays.asList(b.document().split("\n", -1));
    List<String> diff =
        UnifiedDiffUtils.generateUnifiedDiff(
            name + "@v" + a.version(),
            name + "@v" + b.version(),
            left,
            DiffUtils.diff(left, right),
            3);
    return new GateViews.Diff(name, a.version(), b.version(), String.join("\n", diff));
  }

  private static HttpResponse<GateViews.Saved> saved(GateService.Saved s) {
    List<GateViews.Warning> warnings =
        s.warnings().stream()
            .filter(i -> i.severity() == Severity.WARNING)
            .map(GateViews.Warning::of)
            .toList();
    GateViews.Saved body =
        new GateViews.Saved(GateViews.Version.of(s.version()), s.created(), warnings);
    return HttpResponse.status(s.created() ? HttpStatus.CREATED : HttpStatus.OK).body(body);
  }

  private static List<GateViews.Warning> warnings(ParseResult r) {
    return r.issues().stream()
        .filter(i -> i.severity() == Severity.WARNING)
        .map(GateViews.Warning::of)
        .toList();
  }
}

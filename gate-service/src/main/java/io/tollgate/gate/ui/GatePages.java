package io.tollgate.gate.ui;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
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
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.deploy.GateBindingsView;
import io.tollgate.gate.gates.GateService;
import io.tollgate.gate.gates.GateVersionRow;
import io.tollgate.rules.parse.ParseResult;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gates: the list, one gate's YAML with its versions and a diff between two, and validation. */
@Controller("/ui/gates")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class GatePages {
  private static final int MAX_DOCUMENT = 256 * 1024;

  private final GateService gates;
  private final GateBindingsView bindings;

  GatePages(GateService gates, GateBindingsView bindings) {
    this.gates = gates;
    this.bindings = bindings;
  }

  @Serdeable
  record ValidateForm(@Nullable String _csrf, @Nullable String document) {}

  @Get
  HttpResponse<?> list(HttpRequest<?> request, @Nullable Authentication who) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    String saved = request.getParameters().get("saved");
    return Pages.page(
        request,
        who,
        "gates",
        "gates",
        Map.of("gates", gates.list(), "saved", saved == null ? "" : saved));
  }

  @Get("/validate")
  HttpResponse<?> validateForm(HttpRequest<?> request, @Nullable Authentication who) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    return Pages.page(
        request,
        who,
        "validate",
        "gates",
        Map.of("document", "", "issues", List.of(), "checked", false, "ok", false));
  }

  @Post(value = "/validate", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> validate(
      HttpRequest<?> request, @Nullable Authentication who, @Body ValidateForm form) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.checkCsrf(request, form._csrf());
    Pages.require(who, "viewer");
    String text = form.document() == null ? "" : form.document();
    if (text.length() > MAX_DOCUMENT) {
      throw ProblemException.badRequest("the document is larger than 256 KiB");
    }
    ParseResult r = gates.validate("gate.yaml", text);
    return Pages.page(
        request,
        who,
        "validate",
        "gates",
        Map.of(
            "document",
            text,
            "issues",
            r.issues().stream().map(Object::toString).toList(),
            "checked",
            true,
            "ok",
            r.ok()));
  }

  /**
   * Saves the document as the next version of the gate it names (role sre, as the API's PUT). A
   * document with errors is shown again with them, nothing stored; the save is audited by the gate
   * service as any other.
   */
  @Post(value = "/save", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> save(
      HttpRequest<?> request, @Nullable Authentication who, @Body ValidateForm form) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.checkCsrf(request, form._csrf());
    Pages.require(who, "sre");
    String text = form.document() == null ? "" : form.document();
    if (text.length() > MAX_DOCUMENT) {
      throw ProblemException.badRequest("the document is larger than 256 KiB");
    }
    Pages.text("document", text, MAX_DOCUMENT);
    ParseResult r = gates.validate("gate.yaml", text);
    if (!r.ok()) {
      return Pages.page(
          request,
          who,
          "validate",
          "gates",
          Map.of(
              "document",
              text,
              "issues",
              r.issues().stream().map(Object::toString).toList(),
              "checked",
              true,
              "ok",
              false));
    }
    GateService.Saved saved = gates.save(text, who.getName(), null, null, "saved from the web UI");
    String name = saved.gate().name();
    return HttpResponse.seeOther(
        URI.create("/ui/gates?saved=" + URLEncoder.encode(name, StandardCharsets.UTF_8)));
  }

  @Get("/{name}")
  HttpResponse<?> one(
      HttpRequest<?> request,
      @Nullable Authentication who,
      @PathVariable String name,
      @QueryValue @Nullable Integer version,
      @QueryValue @Nullable Integer from) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    var gate = gates.find(name).orElseThrow(() -> ProblemException.notFound("gate " + name));
    GateVersionRow shown = gates.version(name, version);
    List<GateVersionRow> history = gates.history(name);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gate", gate);
    m.put("shown", shown);
    m.put("history", history);
    m.put("bindings", bindings.of(name));
    m.put("diff", "");
    m.put("from", from == null ? 0 : from);
    if (from != null) {
      GateVersionRow a = gates.version(name, from);
      List<String> left = Arrays.asList(a.document().split("\n", -1));
      List<String> right = Arrays.asList(shown.document().split("\n", -1));
      m.put(
          "diffLines",
          UnifiedDiffUtils.generateUnifiedDiff(
              name + "@v" + a.version(),
              name + "@v" + shown.version(),
              left,
              DiffUtils.diff(left, right),
              3));
    } else {
      m.put("diffLines", List.of());
    }
    return Pages.page(request, who, "gate", "gates", m);
  }
}

package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Hidden;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.deploy.Recommendation;
import io.tollgate.gate.evaluation.EvaluationRow;
import io.tollgate.gate.evaluation.EvaluationService;
import io.tollgate.gate.redaction.Redactor;
import io.tollgate.gate.scenarios.Scenario;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Decisions: the list with filters and one decision with the evidence behind every SLI. */
@Controller("/ui/decisions")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
class DecisionPages {
  /** Decisions per page of the list. */
  static final int PAGE = 100;

  private final EvaluationService evaluations;
  private final DecisionScenarios judged;
  private final JsonMapper json;
  private final Clock clock;
  private final SliMinutes minutes;
  private final Redactor redactor;

  DecisionPages(
      EvaluationService evaluations,
      DecisionScenarios judged,
      JsonMapper json,
      Clock clock,
      SliMinutes minutes,
      Redactor redactor) {
    this.minutes = minutes;
    this.redactor = redactor;
    this.evaluations = evaluations;
    this.judged = judged;
    this.json = json;
    this.clock = clock;
  }

  @Serdeable
  record OverrideForm(
      @Nullable String _csrf,
      @Nullable String outcome,
      @Nullable String reason,
      @Nullable String expires) {}

  /** How long an override from the form holds; the API takes any instant. */
  static final Map<String, Duration> EXPIRIES =
      Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24), "7d", Duration.ofDays(7));

  /** One row of the list. */
  public record Row(EvaluationRow row, String outcome, Map<String, Object> canary) {}

  @Get
  HttpResponse<?> list(
      HttpRequest<?> request,
      @Nullable Authentication who,
      @QueryValue @Nullable String gate,
      @QueryValue @Nullable String service,
      @QueryValue @Nullable String outcome,
      @QueryValue @Nullable String before) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    Long beforeId = Pages.beforeId(before);
    List<EvaluationRow> found =
        evaluations.search(blank(gate), blank(service), blank(outcome), beforeId, PAGE + 1);
    List<Row> rows = new ArrayList<>();
    for (EvaluationRow r : found.subList(0, Math.min(PAGE, found.size()))) {
      rows.add(new Row(r, r.effectiveOutcome(clock.instant()), side(r, "canary")));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("paged", beforeId != null);
    m.put("older", found.size() > PAGE ? rows.get(rows.size() - 1).row().id() : null);
    m.put("gates", evaluations.gateNames());
    m.put("services", evaluations.serviceNames());
    m.put("gate", gate == null ? "" : gate);
    m.put("service", service == null ? "" : service);
    m.put("outcome", outcome == null ? "" : outcome);
    m.put("filtered", blank(gate) != null || blank(service) != null || blank(outcome) != null);
    return Pages.page(request, who, "decisions", "decisions", m);
  }

  @Get("/{id}")
  HttpResponse<?> one(HttpRequest<?> request, @Nullable Authentication who, @PathVariable long id) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.require(who, "viewer");
    EvaluationRow r = evaluations.get(id);
    Map<String, Object> result = parse(r.result());
    Instant windowStart = instant(result.get("windowStart"));
    Instant windowEnd = instant(result.get("windowEnd"));
    List<Map<String, Object>> slis = new ArrayList<>();
    Object raw = result.get("slis");
    if (raw instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> sli) {
          Map<String, Object> s = new LinkedHashMap<>();
          sli.forEach((k, v) -> s.put(String.valueOf(k), v));
          List<Map<String, Object>> criteria = new ArrayList<>();
          if (s.get("criteria") instanceof List<?> cs) {
            for (Object c : cs) {
              if (c instanceof Map<?, ?> cm) {
                Map<String, Object> crit = new LinkedHashMap<>();
                cm.forEach((k, v) -> crit.put(String.valueOf(k), v));
                crit.put(
                    "chart",
                    crit.get("values") instanceof Map<?, ?> values
                        ? Svg.sides(strings(values))
                        : "");
                crit.put("evidenceChart", EvidenceChart.of(crit.get("trajectory")));
                crit.put("needed", crit.get("samplesNeeded"));
                criteria.add(crit);
              }
            }
          }
          s.put("criteria", criteria);
          SliMinutes.Chart chart = null;
          if (s.get("source") instanceof Map<?, ?> source
              && "traces".equals(source.get("kind"))
              && source.get("queries") instanceof Map<?, ?> queries) {
            chart =
                minutes.of(
                    String.valueOf(s.get("name")),
                    String.valueOf(s.getOrDefault("unit", "")),
                    strings(queries),
                    windowStart,
                    windowEnd);
          }
          s.put("minutes", chart == null ? "" : chart.svg());
          s.put("minutesCaption", chart == null ? "" : chart.caption());
          slis.add(s);
        }
      }
    }
    Map<String, Object> canary = side(r, "canary");
    Map<String, Object> target = side(r, "target");
    String service =
        r.service() != null
            ? r.service()
            : String.valueOf(canary.getOrDefault("service", target.getOrDefault("service", "")));
    Instant to = windowEnd != null ? windowEnd : clock.instant();
    Instant from = windowStart != null ? windowStart : r.createdAt();
    List<Scenario> related = judged.of(service, canary, from, to);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("e", r);
    m.put("outcome", r.effectiveOutcome(clock.instant()));
    m.put("now", clock.instant());
    m.put("slis", slis);
    m.put("canary", shown(canary, who));
    m.put("baseline", shown(side(r, "baseline"), who));
    m.put("target", shown(target, who));
    m.put("windowStart", windowStart);
    m.put("windowEnd", windowEnd);
    m.put("sampleRatio", result.get("sampleRatio"));
    UnaryOperator<String> show = redactor.forViewer(who);
    m.put("runs", judged.runs(parse(r.request()).get("testRuns")));
    m.put("scenarios", related.stream().map(sc -> sc.shownWith(show)).toList());
    m.put("saved", request.getParameters().contains("saved"));
    m.put("recommendation", Recommendation.forEvent(r, clock.instant()));
    m.putAll(ChangePages.watched(parse(r.request())));
    return Pages.page(request, who, "decision", "decisions", m);
  }

  @Post(value = "/{id}/override", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  HttpResponse<?> override(
      HttpRequest<?> request,
      @Nullable Authentication who,
      @PathVariable long id,
      @Body OverrideForm form) {
    if (who == null) {
      return Pages.toLogin();
    }
    Pages.checkCsrf(request, form._csrf());
    Pages.require(who, "sre");
    Pages.text("outcome", form.outcome(), 16);
    Pages.text("reason", form.reason(), 2000);
    Pages.text("expires", form.expires(), 16);
    Instant until = null;
    if (form.expires() != null && !form.expires().isBlank() && !"never".equals(form.expires())) {
      Duration d = EXPIRIES.get(form.expires());
      if (d == null) {
        throw new ProblemException(
            ProblemType.VALIDATION,
            "field 'expires' must be one of 1h, 24h, 7d or never",
            List.of(Problem.Issue.at("/expires", "must be one of 1h, 24h, 7d or never")));
      }
      until = clock.instant().plus(d);
    }
    evaluations.override(id, form.outcome(), form.reason(), until, who.getName());
    return HttpResponse.seeOther(URI.create("/ui/decisions/" + id + "?saved"));
  }

  /** An instant as the decision JSON holds it: ISO text, or epoch seconds with a fraction. */
  @Nullable
  static Instant instant(@Nullable Object v) {
    try {
      if (v instanceof Number n) {
        BigDecimal seconds = new BigDecimal(n.toString());
        return Instant.ofEpochSecond(
            seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
      }
      return v == null || String.valueOf(v).isBlank() ? null : Instant.parse(String.valueOf(v));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A side's selector attributes as this reader is shown them. */
  private Map<String, Object> shown(Map<String, Object> attributes, Authentication who) {
    if (redactor.showsRaw(who)) {
      return attributes;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    attributes.forEach(
        (k, v) -> out.put(k, v instanceof String text ? redactor.attribute(k, text) : v));
    return out;
  }

  private Map<String, Object> side(EvaluationRow r, String side) {
    Object v = parse(r.request()).get(side);
    Map<String, Object> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> map) {
      map.forEach((k, x) -> out.put(String.valueOf(k), x));
    }
    return out;
  }

  private Map<String, Object> parse(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, Object> m =
          json.readValue(text, Argument.mapOf(Argument.STRING, Argument.OBJECT_ARGUMENT));
      return m == null ? Map.of() : m;
    } catch (IOException e) {
      return Map.of();
    }
  }

  private static Map<String, Object> strings(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  @Nullable
  private static String blank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

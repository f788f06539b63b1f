package io.tollgate.rules.importer;

import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Budget;
import io.tollgate.rules.model.BurnWindow;
import io.tollgate.rules.model.Condition;
import io.tollgate.rules.model.Direction;
import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Metadata;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.PrometheusQuery;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.parse.Issues;
import io.tollgate.rules.parse.YamlMap;
import io.tollgate.rules.parse.YamlTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Converts OpenSLO v1 documents ({@code SLO} with an inline {@code indicator} or an {@code
 * indicatorRef} to an {@code SLI}, Prometheus metric sources, {@code DataSource} references) into
 * one gate with an SLI per SLO:
 *
 * <ul>
 *   <li>a ratio SLO becomes an error budget: a key burn-rate criterion with the SRE workbook's
 *       window pairs and a criterion that some budget remains;
 *   <li>a threshold SLO's {@code op}/{@code value} becomes an absolute criterion.
 * </ul>
 *
 * Everything else (other metric source types, raw ratios, alert policies, time-slice budgeting,
 * calendar windows) is reported as an issue at its position.
 */
public final class OpenSloImporter {
  private final Issues issues;
  private final Map<String, YamlMap> slis = new LinkedHashMap<>();
  private final Map<String, String> dataSourceTypes = new LinkedHashMap<>();

  private OpenSloImporter(Issues issues) {
    this.issues = issues;
  }

  /** Converts the (possibly multi-document) OpenSLO text named {@code source}. */
  public static ImportResult convert(String source, String text) {
    Issues issues = new Issues(source);
    try {
      return new OpenSloImporter(issues).run(text);
    } catch (RuntimeException e) {
      issues.error(issues.start(), "internal error while importing: " + e);
      return new ImportResult(Optional.empty(), issues.sorted());
    }
  }

  private ImportResult run(String text) {
    List<YamlMap> slos = new ArrayList<>();
    for (Node doc : documents(YamlTree.loadAll(text, issues))) {
      Optional<YamlMap> m = YamlMap.of(doc, issues, "an OpenSLO document");
      if (m.isEmpty()) {
        continue;
      }
      YamlMap d = m.get();
      String api = d.string("apiVersion").orElse("");
      String kind = d.string("kind").orElse("");
      if (!api.equals("openslo/v1")) {
        issues.error(
            d.at("apiVersion"),
            "only apiVersion openslo/v1 is imported, got '" + Issues.shorten(api) + "'");
        continue;
      }
      String name = d.map("metadata").flatMap(x -> x.string("name")).orElse("");
      switch (kind) {
        case "SLO" -> slos.add(d);
        case "SLI" -> d.map("spec").ifPresent(s -> slis.put(name, s));
        case "DataSource" ->
            d.map("spec")
                .flatMap(s -> s.string("type"))
                .ifPresent(t -> dataSourceTypes.put(name, t));
        case "Service" -> {}
        default ->
            issues.warning(
                d.at("kind"),
                "OpenSLO "
                    + Issues.shorten(kind)
                    + " '"
                    + Issues.shorten(name)
                    + "' is not imported: gates judge SLOs; alerting uses the budget's burn-rate"
                    + " windows instead");
      }
    }
    List<Sli> out = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    String description = "";
    for (YamlMap slo : slos) {
      Optional<YamlMap> spec = slo.map("spec");
      String name = slo.map("metadata").flatMap(x -> x.string("name")).orElse("slo");
      if (spec.isEmpty()) {
        continue;
      }
      spec.get().string("service").ifPresent(s -> labels.putIfAbsent("service", s));
      if (description.isEmpty()) {
        description = spec.get().string("description").orElse("");
      }
      slo(name, spec.get()).ifPresent(out::add);
    }
    if (slos.isEmpty()) {
      issues.error(issues.start(), "no OpenSLO v1 SLO document found");
    }
    if (out.isEmpty()) {
      return new ImportResult(Optional.empty(), issues.sorted());
    }
    String gateName =
        slos.size() == 1
            ? slos.get(0).map("metadata").flatMap(x -> x.string("name")).orElse("openslo")
            : "openslo-import";
    Gate gate =
        new Gate(
            Gate.API_VERSION,
            new Metadata(gateName, "", labels, description),
            null,
            null,
            Map.of(),
            out,
            issues.start());
    issues.addAll(io.tollgate.rules.check.GateChecker.check(gate));
    return new ImportResult(Optional.of(gate), issues.sorted());
  }

  /** Documents separated by {@code ---}, or a YAML list of documents as {@code oslo} writes. */
  private static List<Node> documents(List<Node> roots) {
    List<Node> out = new ArrayList<>();
    for (Node root : roots) {
      if (root instanceof org.snakeyaml.engine.v2.nodes.SequenceNode list) {
        out.addAll(list.getValue());
      } else {
        out.add(root);
      }
    }
    return out;
  }

  private Optional<Sli> slo(String name, YamlMap spec) {
    Optional<YamlMap> indicator = indicator(spec);
    if (indicator.isEmpty()) {
      return Optional.empty();
    }
    Duration window = window(spec);
    spec.string("budgetingMethod")
        .filter(m -> !m.equals("Occurrences"))
        .ifPresent(
            m ->
                issues.warning(
                    spec.at("budgetingMethod"),
                    "budgetingMethod "
                        + m
                        + " is approximated by occurrences: the budget is computed from request"
                        + " counts, not time slices"));
    if (spec.has("alertPolicies") && !alertPoliciesEmpty(spec)) {
      issues.warning(
          spec.at("alertPolicies"),
          "alertPolicies are not imported; the budget criterion uses the SRE workbook's burn-rate"
              + " window pairs");
    }
    YamlMap ind = indicator.get();
    if (ind.has("ratioMetric")) {
      return ind.map("ratioMetric").flatMap(r -> ratio(name, r, spec, window));
    }
    if (ind.has("thresholdMetric")) {
      return ind.map("thresholdMetric").flatMap(t -> threshold(name, t, spec));
    }
    issues.error(
        ind.at(),
        "the indicator has neither ratioMetric nor thresholdMetric; SLO '" + name + "' left out");
    return Optional.empty();
  }

  /** {@code alertPolicies:} left empty, or {@code []}: valid OpenSLO, nothing to import. */
  private static boolean alertPoliciesEmpty(YamlMap spec) {
    Optional<Node> n = spec.node("alertPolicies");
    if (n.isPresent()
        && n.get() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode scalar
        && (scalar.getValue().isEmpty() || scalar.getValue().equals("null"))) {
      return true;
    }
    return spec.list("alertPolicies").isEmpty();
  }

  private Optional<YamlMap> indicator(YamlMap spec) {
    if (spec.has("indicator")) {
      return spec.map("indicator").flatMap(i -> i.map("spec"));
    }
    Optional<String> ref = spec.string("indicatorRef");
    if (ref.isEmpty()) {
      issues.error(spec.at(), "an SLO needs an indicator or an indicatorRef");
      return Optional.empty();
    }
    YamlMap found = slis.get(ref.get());
    if (found == null) {
      issues.error(
          spec.at("indicatorRef"),
          "indicatorRef '"
              + Issues.shorten(ref.get())
              + "' names no SLI document in this file"
              + io.tollgate.rules.check.Suggestions.didYouMean(ref.get(), slis.keySet()));
    }
    return Optional.ofNullable(found);
  }

  private Duration window(YamlMap spec) {
    List<Node> windows = spec.list("timeWindow");
    if (windows.isEmpty()) {
      issues.warning(spec.at(), "no timeWindow: the budget uses a rolling 30d window");
      return Duration.ofDays(30);
    }
    Optional<YamlMap> w = YamlMap.of(windows.get(0), issues, "a time window");
    if (w.isEmpty()) {
      return Duration.ofDays(30);
    }
    if (w.get().has("calendar") || w.get().bool("isRolling").map(r -> !r).orElse(false)) {
      issues.warning(w.get().at(), "calendar-aligned windows are approximated as rolling windows");
    }
    String text = w.get().string("duration").orElse("");
    Optional<Duration> d = duration(text);
    if (d.isEmpty()) {
      issues.warning(
          w.get().at("duration"),
          "window duration '"
              + Issues.shorten(text)
              + "' is not an OpenSLO duration (a number and m, h, d, w, M, Q or Y); using 30d");
    } else if (CALENDAR_UNIT.matcher(text.trim()).matches()) {
      issues.warning(
          w.get().at("duration"),
          "window '"
              + text.trim()
              + "' is read as "
              + Durations.format(d.get())
              + " (months as 30 days, quarters as 91, years as 365)");
    }
    return d.orElse(Duration.ofDays(30));
  }

  private static final java.util.regex.Pattern CALENDAR_UNIT =
      java.util.regex.Pattern.compile("\\d{1,6}[MQY]");

  /** OpenSLO durations: Tollgate's units, plus months (M), quarters (Q) and years (Y). */
  static Optional<Duration> duration(String text) {
    String t = text.trim();
    if (CALENDAR_UNIT.matcher(t).matches()) {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      long days =
          switch (t.charAt(t.length() - 1)) {
            case 'M' -> 30 * n;
            case 'Q' -> 91 * n;
            default -> 365 * n;
          };
      return days == 0 ? Optional.empty() : Optional.of(Duration.ofDays(days));
    }
    return Durations.parse(t);
  }

  private Optional<String> prometheusQuery(YamlMap metric, String what) {
    Optional<YamlMap> source = metric.map("metricSource");
    if (source.isEmpty()) {
      issues.error(metric.at(), what + " has no metricSource");
      return Optional.empty();
    }
    YamlMap s = source.get();
    String type =
        s.string("type").or(() -> s.string("metricSourceRef").map(dataSourceTypes::get)).orElse("");
    if (!type.equalsIgnoreCase("prometheus")) {
      issues.error(
          s.at(),
          what
              + ": metric source type '"
              + Issues.shorten(type)
              + "' cannot be mapped; Tollgate reads Prometheus queries, spans, OTLP metrics and test"
              + " runs");
      return Optional.empty();
    }
    Optional<String> q =
        s.map("spec").flatMap(x -> x.has("query") ? x.string("query") : x.string("promql"));
    if (q.isEmpty()) {
      issues.error(s.at(), what + ": a Prometheus metric source needs spec.query");
    }
    return q.map(String::trim);
  }

  private static final java.util.regex.Pattern RATE =
      java.util.regex.Pattern.compile("\\b(?:i?rate|increase)\\s*\\(");
  private static final java.util.regex.Pattern RANGE =
      java.util.regex.Pattern.compile("\\[\\s*[0-9][0-9smhdwy]*\\s*\\]");

  /**
   * A ratio query over the window being judged: {@code rate(x[5m])} and {@code irate(x[5m])} become
   * {@code increase(x[$window])}, so each burn-rate window (and the budget window) reads its own
   * range and the values are event counts. Subqueries ({@code [1h:1m]}) are left as they are.
   */
  static String windowed(String query) {
    String q = RATE.matcher(query).replaceAll("increase(");
    return RANGE.matcher(q).replaceAll(java.util.regex.Matcher.quoteReplacement("[$window]"));
  }

  private Optional<Sli> ratio(String name, YamlMap ratio, YamlMap spec, Duration window) {
    if (ratio.has("raw")) {
      issues.error(
          ratio.at("raw"), "raw ratio metrics cannot be mapped: give good or bad, and total");
      return Optional.empty();
    }
    Optional<String> total = ratio.map("total").flatMap(t -> prometheusQuery(t, "total"));
    Optional<String> errors;
    if (ratio.has("bad")) {
      errors = ratio.map("bad").flatMap(b -> prometheusQuery(b, "bad"));
    } else {
      errors =
          ratio
              .map("good")
              .flatMap(g -> prometheusQuery(g, "good"))
              .flatMap(g -> total.map(t -> "(" + t + ") - (" + g + ")"));
    }
    if (total.isEmpty() || errors.isEmpty()) {
      return Optional.empty();
    }
    String windowedTotal = windowed(total.get());
    String windowedErrors = windowed(errors.get());
    if (!windowedTotal.contains("[$window]") || !windowedErrors.contains("[$window]")) {
      issues.warning(
          ratio.at(),
          "the ratio queries have no range selector to set to [$window]: every burn-rate window"
              + " and the budget window read the same value; query counters with"
              + " increase(...[$window]) for budgets that follow their windows");
    }
    List<Objective> objectives = new ArrayList<>();
    for (Node o : spec.list("objectives")) {
      YamlMap.of(o, issues, "an objective")
          .ifPresent(
              obj -> {
                Optional<Double> target = target(obj);
                if (target.isEmpty()) {
                  return;
                }
                if (obj.has("op") || obj.has("value")) {
                  issues.warning(
                      obj.at(), "op/value are ignored for a ratio metric; the target is the SLO");
                }
                var at = obj.at();
                objectives.add(
                    new Objective(
                        new Budget(
                            target.get(),
                            window,
                            Budget.Mode.BURN_RATE,
                            BurnWindow.defaults(window),
                            Optional.empty(),
                            Optional.empty()),
                        1,
                        true,
                        at));
                objectives.add(
                    new Objective(
                        new Budget(
                            target.get(),
                            window,
                            Budget.Mode.REMAINING,
                            List.of(),
                            Optional.of(Condition.of(Condition.Op.GT, 0)),
                            Optional.empty()),
                        1,
                        false,
                        at));
              });
    }
    if (objectives.isEmpty()) {
      issues.error(spec.at(), "SLO '" + name + "' has no usable objective with a target");
      return Optional.empty();
    }
    return Optional.of(
        new Sli(
            Names.sli(name),
            new PrometheusQuery("", windowedErrors, windowedTotal),
            "ratio",
            Direction.LOWER_IS_BETTER,
            Optional.empty(),
            objectives,
            spec.at()));
  }

  private Optional<Sli> threshold(String name, YamlMap metric, YamlMap spec) {
    Optional<String> query = prometheusQuery(metric, "thresholdMetric");
    if (query.isEmpty()) {
      return Optional.empty();
    }
    List<Objective> objectives = new ArrayList<>();
    Direction direction = Direction.LOWER_IS_BETTER;
    for (Node o : spec.list("objectives")) {
      Optional<YamlMap> maybe = YamlMap.of(o, issues, "an objective");
      if (maybe.isEmpty()) {
        continue;
      }
      YamlMap obj = maybe.get();
      Optional<String> op = obj.string("op");
      Optional<Double> value = obj.number("value");
      if (op.isEmpty() || value.isEmpty()) {
        issues.error(obj.at(), "a threshold objective needs op and value; objective left out");
        continue;
      }
      Condition.Op cop =
          switch (op.get()) {
            case "lt" -> Condition.Op.LT;
            case "lte" -> Condition.Op.LE;
            case "gt" -> Condition.Op.GT;
            case "gte" -> Condition.Op.GE;
            default -> null;
          };
      if (cop == null) {
        issues.error(
            obj.at("op"), "op must be lt, lte, gt or gte, got '" + Issues.shorten(op.get()) + "'");
        continue;
      }
      if (cop == Condition.Op.GT || cop == Condition.Op.GE) {
        direction = Direction.HIGHER_IS_BETTER;
      }
      target(obj)
          .ifPresent(
              t ->
                  issues.warning(
                      obj.at(),
                      "target "
                          + t
                          + " (share of good time or events over the window) becomes a per-evaluation"
                          + " threshold: the gate checks each value against "
                          + op.get()
                          + " "
                          + value.get()));
      objectives.add(
          new Objective(
              new Absolute(Condition.of(cop, value.get()), Optional.empty()), 1, false, obj.at()));
    }
    if (objectives.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Sli(
            Names.sli(name),
            new PrometheusQuery(query.get(), "", ""),
            "",
            direction,
            Optional.empty(),
            objectives,
            spec.at()));
  }

  private Optional<Double> target(YamlMap obj) {
    if (obj.has("target")) {
      Optional<Double> t = obj.number("target");
      if (t.isPresent() && !(t.get() > 0 && t.get() < 1)) {
        issues.error(obj.at("target"), "target must be between 0 and 1");
        return Optional.empty();
      }
      return t;
    }
    if (obj.has("targetPercent")) {
      Optional<Double> t = obj.number("targetPercent").map(p -> p / 100);
      if (t.isPresent() && !(t.get() > 0 && t.get() < 1)) {
        issues.error(obj.at("targetPercent"), "targetPercent must be between 0 and 100");
        return Optional.empty();
      }
      return t;
    }
    issues.error(obj.at(), "an objective needs target or targetPercent");
    return Optional.empty();
  }
}

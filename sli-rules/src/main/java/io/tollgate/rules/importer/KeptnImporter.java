package io.tollgate.rules.importer;

import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Condition;
import io.tollgate.rules.model.Criterion;
import io.tollgate.rules.model.Direction;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.HistoryAggregate;
import io.tollgate.rules.model.Metadata;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.PrometheusQuery;
import io.tollgate.rules.model.RelativeMode;
import io.tollgate.rules.model.Scoring;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.SourceLocation;
import io.tollgate.rules.model.VsHistory;
import io.tollgate.rules.parse.Issues;
import io.tollgate.rules.parse.YamlMap;
import io.tollgate.rules.parse.YamlTree;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Converts a Keptn quality-gate {@code slo.yaml} (and optionally its Prometheus {@code sli.yaml}
 * for the queries) into a gate. Absolute criteria become absolute criteria; relative ones ({@code
 * "<=+10%"}, {@code "<=10%"}, {@code "<+50"}) become vsHistory criteria using the {@code
 * comparison} block, carrying the absolute criteria of the same group (Keptn ANDs them); {@code
 * key_sli}, {@code weight} and {@code total_score} carry over. Unlike Keptn, a relative criterion
 * without history is INCONCLUSIVE, never a silent pass.
 */
public final class KeptnImporter {
  private static final Map<String, String> KEPTN_VARIABLES =
      Map.of("$SERVICE", "$service", "$DEPLOYMENT", "$track", "$DURATION_SECONDS", "$window");

  /** Dynatrace SLI queries: metric selectors, USQL, SLO and problem queries. */
  private static final java.util.regex.Pattern DYNATRACE =
      java.util.regex.Pattern.compile(
          "^\\s*(?:metricSelector=|entitySelector=|MV2;|USQL;|SLO;|PV2;|builtin:)");

  /** The source name issues found in the sli.yaml carry. */
  public static final String SLI_SOURCE = "sli.yaml";

  private final Issues issues;
  private final Map<String, String> variables = new LinkedHashMap<>();

  private KeptnImporter(Issues issues) {
    this.issues = issues;
  }

  /** Converts {@code slo} (named {@code source}); {@code sli} is the optional sli.yaml text. */
  public static ImportResult convert(String source, String slo, Optional<String> sli) {
    Issues issues = new Issues(source);
    try {
      return new KeptnImporter(issues).run(slo, sli);
    } catch (RuntimeException e) {
      issues.error(issues.start(), "internal error while importing: " + e);
      return new ImportResult(Optional.empty(), issues.sorted());
    }
  }

  private ImportResult run(String text, Optional<String> sliText) {
    Optional<YamlMap> top =
        YamlTree.load(text, issues).flatMap(n -> YamlMap.of(n, issues, "a Keptn slo.yaml"));
    if (top.isEmpty()) {
      return new ImportResult(Optional.empty(), issues.sorted());
    }
    YamlMap slo =
        top.get()
            .allowOnly(
                "spec_version", "filter", "scope", "comparison", "objectives", "total_score");
    Map<String, String> queries = queries(sliText);
    for (String key : List.of("filter", "scope")) {
      // Keptn files often leave "filter:" empty
      boolean empty =
          slo.node(key)
              .map(
                  n ->
                      n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s
                          && s.getValue().isEmpty())
              .orElse(true);
      if (!empty) {
        slo.stringMap(key).forEach(variables::put);
      }
    }
    Comparison comparison = comparison(slo);
    Scoring scoring = scoring(slo);
    List<Sli> slis = new ArrayList<>();
    for (Node o : slo.list("objectives")) {
      YamlMap.of(o, issues, "an objective")
          .flatMap(obj -> objective(obj, comparison, queries))
          .ifPresent(slis::add);
    }
    if (slis.isEmpty()) {
      issues.error(slo.at(), "no objective could be imported");
      return new ImportResult(Optional.empty(), issues.sorted());
    }
    Gate gate =
        new Gate(
            Gate.API_VERSION,
            new Metadata("keptn-import", "", Map.of(), "Imported from Keptn " + issues.source()),
            null,
            scoring,
            variables,
            slis,
            issues.start());
    issues.addAll(io.tollgate.rules.check.GateChecker.check(gate));
    return new ImportResult(Optional.of(gate), issues.sorted());
  }

  private Map<String, String> queries(Optional<String> sliText) {
    Map<String, String> out = new LinkedHashMap<>();
    if (sliText.isEmpty()) {
      return out;
    }
    Issues sliIssues = new Issues(SLI_SOURCE);
    YamlTree.load(sliText.get(), sliIssues)
        .flatMap(n -> YamlMap.of(n, sliIssues, "a Keptn sli.yaml"))
        .ifPresent(m -> out.putAll(m.stringMap("indicators")));
    sliIssues.sorted().forEach(i -> issues.addAll(List.of(i)));
    return out;
  }

  private record Comparison(int runs, Optional<Outcome> outcome, HistoryAggregate aggregate) {}

  private Comparison comparison(YamlMap slo) {
    Optional<YamlMap> c = slo.map("comparison");
    if (c.isEmpty()) {
      return new Comparison(
          1, Optional.of(Outcome.PASS), new HistoryAggregate(HistoryAggregate.Kind.AVG, 0));
    }
    YamlMap m =
        c.get()
            .allowOnly(
                "compare_with",
                "include_result_with_score",
                "number_of_comparison_results",
                "aggregate_function");
    String with = m.string("compare_with").orElse("single_result");
    int runs =
        with.equals("single_result")
            ? 1
            : (int) (long) m.integer("number_of_comparison_results").orElse(3L);
    if (runs < 1 || runs > 1000) {
      issues.error(
          m.at("number_of_comparison_results"), "number_of_comparison_results must be 1..1000");
      runs = 1;
    }
    String include = m.string("include_result_with_score").orElse("pass");
    Optional<Outcome> outcome =
        switch (include) {
          case "pass" -> Optional.of(Outcome.PASS);
          case "all" -> Optional.empty();
          default -> {
            issues.warning(
                m.at("include_result_with_score"),
                "include_result_with_score '"
                    + include
                    + "' is mapped to passing runs only; Tollgate filters history by one outcome");
            yield Optional.of(Outcome.PASS);
          }
        };
    String fn = m.string("aggregate_function").orElse("avg");
    Optional<HistoryAggregate> agg = HistoryAggregate.parse(fn);
    if (agg.isEmpty()) {
      issues.error(
          m.at("aggregate_function"),
          "aggregate_function '"
              + Issues.shorten(fn)
              + "' cannot be mapped (use avg, median or pNN); avg used");
    }
    return new Comparison(
        runs, outcome, agg.orElse(new HistoryAggregate(HistoryAggregate.Kind.AVG, 0)));
  }

  private Scoring scoring(YamlMap slo) {
    Optional<YamlMap> t = slo.map("total_score");
    if (t.isEmpty()) {
      return Scoring.DEFAULT;
    }
    double pass = percent(t.get(), "pass").orElse(Scoring.DEFAULT.pass());
    double warn = percent(t.get(), "warning").orElse(Math.min(pass, Scoring.DEFAULT.warn()));
    if (!(warn >= 0 && warn <= pass && pass <= 100)) {
      issues.error(t.get().at(), "total_score needs 0 <= warning <= pass <= 100; defaults used");
      return Scoring.DEFAULT;
    }
    return new Scoring(pass, warn);
  }

  private Optional<Double> percent(YamlMap m, String key) {
    return m.node(key)
        .flatMap(
            n -> {
              String s = m.string(key).orElse("").trim().replace("%", "");
              try {
                return Optional.of(Double.parseDouble(s));
              } catch (NumberFormatException e) {
                issues.error(n, "'" + key + "' must be a percentage like \"90%\"");
                return Optional.empty();
              }
            });
  }

  private Optional<Sli> objective(YamlMap obj, Comparison comparison, Map<String, String> queries) {
    obj.allowOnly("sli", "displayName", "pass", "warning", "weight", "key_sli");
    Optional<String> name = obj.requiredString("sli", "the SLI this objective judges");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    double weight = obj.number("weight").orElse(1.0);
    boolean key = obj.bool("key_sli").orElse(false);
    SourceLocation at = obj.at();
    Map<KeptnCriteria.Kind, List<Condition.Bound>> pass = group(obj, "pass");
    Map<KeptnCriteria.Kind, List<Condition.Bound>> warn = group(obj, "warning");
    for (KeptnCriteria.Kind k : warn.keySet()) {
      if (!pass.containsKey(k)) {
        issues.warning(
            obj.at("warning"),
            "warning criteria of kind "
                + k.name().toLowerCase()
                + " have no pass criteria of that kind and are ignored");
      }
    }
    Optional<Absolute> absolute =
        Optional.ofNullable(pass.get(KeptnCriteria.Kind.ABSOLUTE))
            .map(
                b ->
                    new Absolute(
                        new Condition(b),
                        Optional.ofNullable(warn.get(KeptnCriteria.Kind.ABSOLUTE))
                            .map(Condition::new)));
    List<KeptnCriteria.Kind> relative =
        pass.keySet().stream().filter(k -> k != KeptnCriteria.Kind.ABSOLUTE).toList();
    // Keptn ANDs the criteria of one group: absolute limits ride on the relative criterion, so
    // the objective stays one criterion of full weight that fails when either part fails.
    int criteria = relative.isEmpty() ? (absolute.isPresent() ? 1 : 0) : relative.size();
    double share = criteria == 0 ? weight : weight / criteria;
    if (relative.size() > 1) {
      issues.warning(
          obj.at("pass"),
          "objective '"
              + name.get()
              + "' mixes ratio and delta criteria: scored as 2 criteria of weight "
              + Numbers.format(share)
              + " each (Keptn scores them as one)");
    }
    if (absolute.isPresent() && !relative.isEmpty() && !warn.isEmpty()) {
      for (KeptnCriteria.Kind k : pass.keySet()) {
        if (!warn.containsKey(k)) {
          issues.warning(
              obj.at("warning"),
              "the warning group has no "
                  + k.name().toLowerCase(java.util.Locale.ROOT)
                  + " criterion: that part of the pass group has no warning band, so objective '"
                  + name.get()
                  + "' fails where Keptn would warn on the warning group alone");
          break;
        }
      }
    }
    Direction direction = Direction.LOWER_IS_BETTER;
    for (List<Condition.Bound> bounds : pass.values()) {
      if (bounds.stream().allMatch(b -> b.op() == Condition.Op.GT || b.op() == Condition.Op.GE)) {
        direction = Direction.HIGHER_IS_BETTER;
      }
    }
    List<Objective> objectives = new ArrayList<>();
    if (relative.isEmpty()) {
      absolute.ifPresent(a -> objectives.add(new Objective(a, share, key, at)));
    }
    for (int i = 0; i < relative.size(); i++) {
      KeptnCriteria.Kind k = relative.get(i);
      Condition p = new Condition(pass.get(k));
      Optional<Condition> w = Optional.ofNullable(warn.get(k)).map(Condition::new);
      Criterion c =
          new VsHistory(
              comparison.runs(),
              1,
              comparison.outcome(),
              comparison.aggregate(),
              k == KeptnCriteria.Kind.RATIO ? RelativeMode.RATIO : RelativeMode.DELTA,
              p,
              w,
              0,
              i == 0 ? absolute : Optional.empty());
      objectives.add(new Objective(c, share, key, at));
    }
    String query = queries.get(name.get());
    if (query == null) {
      issues.warning(
          obj.at("sli"),
          "no query for SLI '"
              + name.get()
              + "' (pass the sli.yaml); the metric name '"
              + name.get()
              + "' is used as a placeholder query");
      query = name.get();
    } else if (DYNATRACE.matcher(query).find()) {
      issues.error(
          obj.at("sli"),
          "SLI '"
              + name.get()
              + "' has a Dynatrace query in the sli.yaml ("
              + Issues.shorten(query.strip())
              + "), not PromQL: Tollgate cannot run it; write the SLI's query in PromQL");
      return Optional.empty();
    } else {
      query = translate(query, obj);
    }
    return Optional.of(
        new Sli(
            Names.sli(name.get()),
            new PrometheusQuery(query, "", ""),
            "",
            direction,
            Optional.empty(),
            objectives,
            at));
  }

  private String translate(String query, YamlMap obj) {
    String q = query;
    for (var e : KEPTN_VARIABLES.entrySet()) {
      q = q.replace(e.getKey(), e.getValue());
    }
    for (String v : List.of("PROJECT", "STAGE")) {
      if (q.contains("$" + v)) {
        String lower = v.toLowerCase();
        q = q.replace("$" + v, "$" + lower);
        if (!variables.containsKey(lower)) {
          variables.put(lower, "");
          issues.warning(
              obj.at("sli"),
              "Keptn's $"
                  + v
                  + " became the gate variable '"
                  + lower
                  + "', set it under spec.variables");
        }
      }
    }
    return q;
  }

  private Map<KeptnCriteria.Kind, List<Condition.Bound>> group(YamlMap obj, String key) {
    Map<KeptnCriteria.Kind, List<Condition.Bound>> out = new EnumMap<>(KeptnCriteria.Kind.class);
    List<Node> groups = obj.list(key);
    if (groups.size() > 1) {
      issues.error(
          obj.at(key),
          "only the first of "
              + groups.size()
              + " '"
              + key
              + "' groups is imported: Keptn ORs groups, a Tollgate condition is one AND");
    }
    if (groups.isEmpty()) {
      return out;
    }
    YamlMap.of(groups.get(0), issues, "a criteria group")
        .ifPresent(
            g -> {
              g.allowOnly("criteria");
              for (Node c : g.list("criteria")) {
                String text =
                    c instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s ? s.getValue() : "";
                Optional<KeptnCriteria> parsed = KeptnCriteria.parse(text);
                if (parsed.isEmpty()) {
                  issues.error(
                      c,
                      "criterion '"
                          + Issues.shorten(text)
                          + "' cannot be mapped (expected e.g. \"<600\", \"<=+10%\" or \"<+50\")");
                  continue;
                }
                out.computeIfAbsent(parsed.get().kind(), k -> new ArrayList<>())
                    .add(parsed.get().bound());
              }
            });
    return out;
  }
}

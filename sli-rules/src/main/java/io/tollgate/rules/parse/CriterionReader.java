package io.tollgate.rules.parse;

import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Condition;
import io.tollgate.rules.model.Criterion;
import io.tollgate.rules.model.HistoryAggregate;
import io.tollgate.rules.model.Numbers;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.RelativeMode;
import io.tollgate.rules.model.VsBaseline;
import io.tollgate.rules.model.VsHistory;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads one entry of an SLI's {@code criteria}: exactly one criterion kind plus its {@code weight}
 * (default 1) and {@code key} flag.
 */
final class CriterionReader {
  static final List<String> KINDS =
      List.of("absolute", "vsBaseline", "vsHistory", "statistical", "budget");

  private final Issues issues;
  private final StatisticalReader statistical;
  private final BudgetReader budget;

  CriterionReader(Issues issues) {
    this.issues = issues;
    this.statistical = new StatisticalReader(issues);
    this.budget = new BudgetReader(issues);
  }

  Optional<Objective> read(Node item) {
    Optional<YamlMap> maybe = YamlMap.of(item, issues, "a criterion");
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m =
        maybe
            .get()
            .allowOnly(
                "absolute", "vsBaseline", "vsHistory", "statistical", "budget", "weight", "key");
    List<String> kinds = m.keys().stream().filter(KINDS::contains).toList();
    if (kinds.size() != 1) {
      issues.error(
          m.at(),
          "a criterion has exactly one of "
              + String.join(", ", KINDS)
              + "; found "
              + (kinds.isEmpty() ? "none" : String.join(", ", kinds)));
      return Optional.empty();
    }
    String kind = kinds.get(0);
    double weight = m.number("weight").orElse(1.0);
    if (weight < 0) {
      issues.error(
          m.at("weight"),
          "weight must be >= 0, got " + Numbers.format(weight) + "; use 0 for informational");
      weight = 0;
    }
    boolean key = m.bool("key").orElse(false);
    Optional<Criterion> criterion =
        m.map(kind)
            .flatMap(
                c ->
                    switch (kind) {
                      case "absolute" -> absolute(c);
                      case "vsBaseline" -> vsBaseline(c);
                      case "vsHistory" -> vsHistory(c);
                      case "statistical" -> statistical.read(c);
                      default -> budget.read(c);
                    });
    double w = weight;
    return criterion.map(c -> new Objective(c, w, key, issues.at(m.keyNode(kind).orElseThrow())));
  }

  private Optional<Criterion> absolute(YamlMap m) {
    m.allowOnly("pass", "warn");
    Optional<Condition> pass = condition(m, "pass", true);
    Optional<Condition> warn = condition(m, "warn", false);
    return pass.map(p -> new Absolute(p, warn));
  }

  private Optional<Criterion> vsBaseline(YamlMap m) {
    m.allowOnly("mode", "pass", "warn", "minAbsoluteDelta");
    RelativeMode mode = m.enumValue("mode", RelativeMode.class).orElse(RelativeMode.RATIO);
    Optional<Condition> pass = condition(m, "pass", true);
    Optional<Condition> warn = condition(m, "warn", false);
    double minDelta = nonNegative(m, "minAbsoluteDelta");
    return pass.map(p -> new VsBaseline(mode, p, warn, minDelta));
  }

  private Optional<Criterion> vsHistory(YamlMap m) {
    m.allowOnly(
        "runs",
        "minRuns",
        "outcome",
        "aggregate",
        "mode",
        "pass",
        "warn",
        "minAbsoluteDelta",
        "absolute");
    long runs = m.integer("runs").orElse(10L);
    long minRuns = m.integer("minRuns").orElse(Math.min(3L, runs));
    if (runs < 1 || runs > 1000) {
      issues.error(m.at("runs"), "'runs' must be between 1 and 1000, got " + runs);
      return Optional.empty();
    }
    if (minRuns < 1 || minRuns > runs) {
      issues.error(
          m.at("minRuns"), "'minRuns' must be between 1 and runs (" + runs + "), got " + minRuns);
      return Optional.empty();
    }
    Optional<Outcome> outcome = m.enumValue("outcome", Outcome.class);
    Optional<HistoryAggregate> aggregate =
        m.string("aggregate")
            .map(
                a -> {
                  Optional<HistoryAggregate> parsed = HistoryAggregate.parse(a);
                  if (parsed.isEmpty()) {
                    issues.error(
                        m.at("aggregate"),
                        "'aggregate' must be avg, median or a percentile like p90, got '"
                            + a
                            + "'");
                  }
                  return parsed;
                })
            .orElse(Optional.of(new HistoryAggregate(HistoryAggregate.Kind.MEDIAN, 50)));
    RelativeMode mode = m.enumValue("mode", RelativeMode.class).orElse(RelativeMode.RATIO);
    Optional<Condition> pass = condition(m, "pass", true);
    Optional<Condition> warn = condition(m, "warn", false);
    double minDelta = nonNegative(m, "minAbsoluteDelta");
    Optional<Absolute> absolute = Optional.empty();
    if (m.has("absolute")) {
      Optional<Criterion> read = m.map("absolute").flatMap(this::absolute);
      if (read.isEmpty()) {
        return Optional.empty();
      }
      absolute = Optional.of((Absolute) read.get());
    }
    if (pass.isEmpty() || aggregate.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new VsHistory(
            (int) runs,
            (int) minRuns,
            outcome,
            aggregate.get(),
            mode,
            pass.get(),
            warn,
            minDelta,
            absolute));
  }

  private double nonNegative(YamlMap m, String key) {
    double v = m.number(key).orElse(0.0);
    if (v < 0) {
      issues.error(m.at(key), "'" + key + "' must be >= 0, got " + Numbers.format(v));
      return 0;
    }
    return v;
  }

  /** Reads a condition string such as {@code "<= 0.01"}; shared with the budget reader. */
  static Optional<Condition> condition(YamlMap m, String key, boolean required, Issues issues) {
    if (!m.has(key)) {
      if (required) {
        m.missing(key, "e.g. " + key + ": \"<= 0.01\"");
      }
      return Optional.empty();
    }
    Optional<String> text =
        m.node(key)
            .flatMap(
                n ->
                    n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s
                        ? Optional.of(s.getValue())
                        : Optional.empty());
    if (text.isEmpty()) {
      issues.error(m.at(key), "'" + key + "' must be a condition such as \"<= 0.01\"");
      return Optional.empty();
    }
    Optional<Condition> c = Condition.parse(text.get());
    if (c.isEmpty()) {
      String hint =
          text.get().trim().matches("[-+]?[0-9.]+")
              ? " (did you mean \"<= " + text.get().trim() + "\"?)"
              : "";
      issues.error(
          m.at(key),
          "'"
              + key
              + "' is not a condition: '"
              + Issues.shorten(text.get())
              + "'; write an operator and a number, e.g. \"<= 0.01\" or \">= 0.9 and <= 1\""
              + hint);
    }
    return c;
  }

  private Optional<Condition> condition(YamlMap m, String key, boolean required) {
    return condition(m, key, required, issues);
  }
}

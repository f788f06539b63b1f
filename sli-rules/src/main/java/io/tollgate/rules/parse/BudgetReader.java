package io.tollgate.rules.parse;

import io.tollgate.rules.model.Budget;
import io.tollgate.rules.model.BurnWindow;
import io.tollgate.rules.model.Condition;
import io.tollgate.rules.model.Criterion;
import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Numbers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a {@code budget} criterion: the SLO, the mode and its window pairs or remaining limits. */
final class BudgetReader {
  private final Issues issues;

  BudgetReader(Issues issues) {
    this.issues = issues;
  }

  Optional<Criterion> read(YamlMap m) {
    m.allowOnly("objective", "window", "mode", "windows", "remaining", "minEvents");
    if (!m.has("objective")) {
      m.missing("objective", "the SLO target, e.g. objective: 0.999");
      return Optional.empty();
    }
    Optional<Double> objective = m.number("objective");
    if (objective.isEmpty()) {
      return Optional.empty();
    }
    double o = objective.get();
    if (!(o > 0 && o < 1)) {
      String hint = o > 1 && o < 100 ? " (did you mean " + Numbers.format(o / 100) + "?)" : "";
      issues.error(
          m.at("objective"),
          "'objective' must be between 0 and 1, got " + Numbers.format(o) + hint);
      return Optional.empty();
    }
    Duration window = duration(m, "window").orElse(Duration.ofDays(30));
    Budget.Mode mode = m.enumValue("mode", Budget.Mode.class).orElse(Budget.Mode.BURN_RATE);
    List<BurnWindow> windows =
        m.has("windows") ? windows(m.list("windows"), window) : BurnWindow.defaults(window);
    long minEvents = m.integer("minEvents").orElse(0L);
    if (minEvents < 0) {
      issues.error(m.at("minEvents"), "'minEvents' must be >= 0 (0: derived from the factor)");
      return Optional.empty();
    }
    Optional<Condition> pass = Optional.empty();
    Optional<Condition> warn = Optional.empty();
    if (m.has("remaining")) {
      Optional<YamlMap> r = m.map("remaining");
      if (r.isPresent()) {
        r.get().allowOnly("pass", "warn");
        pass = CriterionReader.condition(r.get(), "pass", true, issues);
        warn = CriterionReader.condition(r.get(), "warn", false, issues);
      }
    }
    if (mode == Budget.Mode.REMAINING && pass.isEmpty()) {
      if (!m.has("remaining")) {
        m.missing("remaining", "remaining mode needs e.g. remaining: {pass: \">= 0.25\"}");
      }
      return Optional.empty();
    }
    if (mode == Budget.Mode.BURN_RATE && windows.isEmpty()) {
      issues.error(m.at("windows"), "burn_rate mode needs at least one window pair");
      return Optional.empty();
    }
    if (mode == Budget.Mode.BURN_RATE) {
      for (BurnWindow w : windows) {
        if (w.longWindow().compareTo(window) > 0) {
          issues.error(
              m.has("windows") ? m.at("windows") : m.at("window"),
              "the long window "
                  + Durations.format(w.longWindow())
                  + " is longer than the SLO window "
                  + Durations.format(window)
                  + "; give window pairs that fit in it");
          return Optional.empty();
        }
      }
    }
    return Optional.of(new Budget(o, window, mode, windows, pass, warn, minEvents));
  }

  private List<BurnWindow> windows(List<Node> items, Duration sloWindow) {
    List<BurnWindow> out = new ArrayList<>();
    for (Node item : items) {
      YamlMap.of(item, issues, "a window pair")
          .ifPresent(
              w -> {
                w.allowOnly("long", "short", "factor", "share", "severity");
                Optional<Duration> lng = duration(w, "long");
                Optional<Duration> shrt = duration(w, "short");
                Optional<Double> factor = w.number("factor");
                Optional<Double> share = w.number("share");
                String severity = w.string("severity").orElse("page");
                if (!severity.equals("page") && !severity.equals("ticket")) {
                  issues.error(
                      w.at("severity"),
                      "'severity' must be page or ticket, got '" + Issues.shorten(severity) + "'");
                  return;
                }
                if (w.has("factor") && w.has("share")) {
                  issues.error(
                      w.at("share"),
                      "give either 'share' (of the error budget) or 'factor', not both");
                  return;
                }
                if (lng.isEmpty() || shrt.isEmpty() || (factor.isEmpty() && share.isEmpty())) {
                  if (!w.has("long") || !w.has("short") || !(w.has("factor") || w.has("share"))) {
                    issues.error(
                        w.at(),
                        "a window pair needs 'long', 'short' and 'share' (or 'factor'), e.g."
                            + " {long: 1h, short: 5m, share: 0.02}");
                  }
                  return;
                }
                if (share.isPresent() && !(share.get() > 0 && share.get() <= 1)) {
                  issues.error(
                      w.at("share"),
                      "'share' is the fraction of the error budget the pair catches, in (0, 1],"
                          + " e.g. share: 0.02");
                  return;
                }
                if (shrt.get().compareTo(lng.get()) >= 0) {
                  issues.error(
                      w.at("short"), "the short window must be shorter than the long window");
                  return;
                }
                if (factor.isPresent() && factor.get() <= 0) {
                  issues.error(w.at("factor"), "'factor' must be > 0");
                  return;
                }
                boolean page = severity.equals("page");
                out.add(
                    share.isPresent()
                        ? BurnWindow.ofShare(lng.get(), shrt.get(), share.get(), page, sloWindow)
                        : new BurnWindow(lng.get(), shrt.get(), factor.get(), page));
              });
    }
    return out;
  }

  private Optional<Duration> duration(YamlMap m, String key) {
    return m.string(key)
        .flatMap(
            t -> {
              Optional<Duration> d = Durations.parse(t);
              if (d.isEmpty()) {
                issues.error(
                    m.at(key),
                    "'"
                        + key
                        + "' must be a duration like 5m, 1h or 30d, got '"
                        + Issues.shorten(t)
                        + "'");
              }
              return d;
            });
  }
}

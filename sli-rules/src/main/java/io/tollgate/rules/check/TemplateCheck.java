package io.tollgate.rules.check;

import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.PrometheusQuery;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.template.Template;
import io.tollgate.rules.template.Variables;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every {@code $variable} in every templated field of every source must be one the language
 * defines: a side label ({@link Variables#SIDE_LABELS}), {@code $window} in Prometheus queries, or
 * one under {@code spec.variables}. Otherwise the gate would only fail when evaluated, or query for
 * the wrong thing.
 */
final class TemplateCheck {
  private static final int MAX_ECHO = 60;

  private TemplateCheck() {}

  static void check(Gate gate, TemplateLocator locator, List<RuleIssue> out) {
    for (Sli sli : gate.slis()) {
      boolean prometheus = sli.source() instanceof PrometheusQuery;
      Set<String> known = new TreeSet<>(Variables.builtIn(prometheus));
      known.addAll(gate.variables().keySet());
      for (Map.Entry<String, String> field : sli.source().templates().entrySet()) {
        Template t = Template.parse(field.getValue());
        String where = sli.source().kind() + "." + field.getKey();
        for (Template.Variable v : t.variables()) {
          if (!known.contains(v.name())) {
            out.add(
                RuleIssue.error(
                    locator.locate(sli, field.getKey(), v.offset()),
                    message(v.name(), where, known, prometheus)));
          }
        }
        for (Template.Unterminated u : t.unterminated()) {
          out.add(
              RuleIssue.error(
                  locator.locate(sli, field.getKey(), u.offset()),
                  "'${"
                      + shorten(u.name())
                      + "' in "
                      + where
                      + " is not closed: write '${"
                      + shorten(u.name())
                      + "}' (or '$$' for a literal '$')"));
        }
      }
    }
  }

  private static String message(String name, String where, Set<String> known, boolean prometheus) {
    String defined =
        Variables.builtIn(prometheus).stream().map(s -> "$" + s).collect(Collectors.joining(", "));
    if (!prometheus && name.equals(Variables.WINDOW)) {
      return "template variable '$window' is only filled in prometheus queries; "
          + where
          + " may use "
          + defined
          + " and the variables under spec.variables";
    }
    return "unknown template variable '$"
        + shorten(name)
        + "' in "
        + where
        + Suggestions.closest(name, known).map(s -> " (did you mean '$" + s + "'?)").orElse("")
        + "; built-in variables are "
        + defined
        + "; others must be defined under spec.variables";
  }

  private static String shorten(String text) {
    return text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
  }
}

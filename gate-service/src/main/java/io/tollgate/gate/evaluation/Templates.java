package io.tollgate.gate.evaluation;

import io.tollgate.ingest.prometheus.PromQlTemplate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way every source fills the rule language's template variables ({@code $name} or {@code
 * ${name}}): gate variables, then request variables, then the side's labels ({@link
 * Side#variables}). A variable with no value is a source error for every source alike, never a
 * query for the literal text {@code $name}.
 */
final class Templates {
  static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");

  private Templates() {}

  /** Fills a plain-text template (a service, an operation, an attribute value). */
  static String fill(String template, Map<String, String> vars) throws SourceException {
    StringBuilder out = new StringBuilder();
    Matcher m = VARIABLE.matcher(template);
    while (m.find()) {
      String v = vars.get(m.group(1));
      if (v == null) {
        throw unknown(m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Fills a PromQL template, escaping every value so none can change the query. */
  static String fillPromQl(String template, Map<String, String> vars) throws SourceException {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      if (!vars.containsKey(m.group(1))) {
        throw unknown(m.group(1));
      }
      m.appendReplacement(b, Matcher.quoteReplacement("{{" + m.group(1) + "}}"));
    }
    m.appendTail(b);
    try {
      return PromQlTemplate.render(b.toString(), vars);
    } catch (IllegalArgumentException e) {
      throw new SourceException("cannot fill the query template: " + e.getMessage());
    }
  }

  /** For evidence only: fills what it can and leaves unknown variables as written. */
  static String describe(String template, Map<String, String> vars) {
    StringBuilder out = new StringBuilder();
    Matcher m = VARIABLE.matcher(template);
    while (m.find()) {
      String v = vars.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static SourceException unknown(String name) {
    return new SourceException(
        "no value for template variable '"
            + name
            + "': set it in the gate's variables, the request's variables or the side's labels");
  }
}

package io.tollgate.rules.model;

import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SLI from a PromQL template. Variables ({@code $service}, {@code $version}, {@code $track} and
 * those the gate defines) are substituted per side by the gate-service. A query with {@code
 * errors}/{@code total} templates instead yields counts.
 */
public record PrometheusQuery(String query, String errorsQuery, String totalQuery)
    implements SliSource {

  /** Variables every side defines. */
  public static final Set<String> BUILT_IN_VARIABLES =
      Set.of("service", "version", "track", "window");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");

  public PrometheusQuery {
    query = query == null ? "" : query;
    errorsQuery = errorsQuery == null ? "" : errorsQuery;
    totalQuery = totalQuery == null ? "" : totalQuery;
    boolean scalar = !query.isEmpty() && errorsQuery.isEmpty() && totalQuery.isEmpty();
    boolean counts = query.isEmpty() && !errorsQuery.isEmpty() && !totalQuery.isEmpty();
    if (!scalar && !counts) {
      throw new IllegalArgumentException("either a query or both errors and total queries");
    }
  }

  /** The variable names the templates use, without the {@code $}. */
  public Set<String> variables() {
    Set<String> names = new TreeSet<>();
    for (String t : new String[] {query, errorsQuery, totalQuery}) {
      Matcher m = VARIABLE.matcher(t);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /**
   * Substitutes {@code $name} and {@code ${name}} in {@code template} with {@code values}, escaped
   * for use inside a double-quoted PromQL label value (backslashes, quotes and line breaks), as the
   * gate-service does per side. A variable without a value is an error, not an empty string.
   *
   * @throws IllegalArgumentException naming the first variable without a value
   */
  public static String render(String template, java.util.Map<String, String> values) {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for template variable $" + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(escape(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String escape(String value) {
    return value
        .replace("\\", "\\\\")
        .replace("\"", "\\\"")
        .replace("\n", "\\n")
        .replace("\r", "\\r");
  }

  @Override
  public String kind() {
    return "prometheus";
  }

  @Override
  public ValueKind valueKind() {
    return query.isEmpty() ? ValueKind.ERROR_RATIO : ValueKind.SCALAR;
  }

  @Override
  public OptionalDouble quantile() {
    return OptionalDouble.empty();
  }
}

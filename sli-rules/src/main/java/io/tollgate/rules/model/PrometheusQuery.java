package io.tollgate.rules.model;

import io.tollgate.rules.template.Template;
import io.tollgate.rules.template.Variables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * An SLI from a PromQL template. Variables ({@code $service}, {@code $version}, {@code
 * $environment}, {@code $track}, {@code $window} and those the gate defines) are substituted per
 * side by the gate-service. A query with {@code errors}/{@code total} templates instead yields
 * counts.
 */
public record PrometheusQuery(String query, String errorsQuery, String totalQuery)
    implements SliSource {

  /** Variables every side defines in a Prometheus query. */
  public static final Set<String> BUILT_IN_VARIABLES = Set.copyOf(Variables.builtIn(true));

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
    for (String t : templates().values()) {
      names.addAll(Template.parse(t).names());
    }
    return names;
  }

  /** {@code query}, or {@code errors} and {@code total}. */
  @Override
  public Map<String, String> templates() {
    Map<String, String> out = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      out.put("query", query);
    } else {
      out.put("errors", errorsQuery);
      out.put("total", totalQuery);
    }
    return out;
  }

  /**
   * Substitutes {@code $name} and {@code ${name}} in {@code template} with {@code values}, escaped
   * so that no value can change the query ({@link Template#fillPromQl}), as the gate-service does
   * per side. A variable without a value is an error, not an empty string.
   *
   * @throws IllegalArgumentException naming the first variable without a value, or a value unsafe
   *     where it is placed
   */
  public static String render(String template, Map<String, String> values) {
    return Template.parse(template).fillPromQl(values);
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

package io.tollgate.rules.template;

import java.util.Set;
import java.util.TreeSet;

/**
 * The template variables the rule language defines. A side's labels fill {@link #SIDE_LABELS}
 * ({@code canary}, {@code baseline} or {@code target} of a request: the ingest dimensions), the
 * source fills {@link #WINDOW} in Prometheus queries, and a gate defines any others under {@code
 * spec.variables} (a request's {@code variables} may give them other values). Any other name is a
 * checker error.
 */
public final class Variables {
  /** Filled per side from the request's selector labels. */
  public static final Set<String> SIDE_LABELS =
      Set.of("service", "version", "environment", "track");

  /** The range being judged, e.g. {@code 300s}; filled in Prometheus queries only. */
  public static final String WINDOW = "window";

  private Variables() {}

  /** The built-in names a source kind fills, sorted. */
  public static Set<String> builtIn(boolean prometheus) {
    Set<String> names = new TreeSet<>(SIDE_LABELS);
    if (prometheus) {
      names.add(WINDOW);
    }
    return names;
  }
}

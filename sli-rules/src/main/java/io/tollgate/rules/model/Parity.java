package io.tollgate.rules.model;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * An SLI over environment parity: how many facts of a service's running system (version, runtime,
 * SDK, OS, container image, dependencies and their versions, feature-flag variants) differ between
 * two environments, as their telemetry reported them within the window. A promotion from staging is
 * blocked when staging was tested against another payments version than production runs with
 *
 * <pre>{@code
 * source:
 *   parity: {service: $service, from: staging, to: production, kinds: [dependency]}
 * criteria:
 *   - absolute: {pass: "== 0"}
 * }</pre>
 *
 * @param service the service ({@code $service} from the evaluated side)
 * @param from the environment tested, e.g. {@code staging}
 * @param to the environment compared with, e.g. {@code production}
 * @param window how far back from the evaluation's end facts count, 1h to 14d
 * @param kinds the kinds of fact counted; every kind when empty
 */
public record Parity(String service, String from, String to, Duration window, Set<FactKind> kinds)
    implements SliSource {
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(1);
  public static final Duration MIN_WINDOW = Duration.ofHours(1);
  public static final Duration MAX_WINDOW = Duration.ofDays(14);

  /** What a fact is about. */
  public enum FactKind {
    /** The service's own version ({@code service.version}). */
    VERSION,
    /** {@code process.runtime.*}. */
    RUNTIME,
    /** The OpenTelemetry SDK ({@code telemetry.sdk.*}). */
    SDK,
    /** {@code os.*}. */
    OS,
    /** The container image's name and tags. */
    CONTAINER,
    /** A dependency called (peer service, address, database, messaging system), its version. */
    DEPENDENCY,
    /** A feature flag's variants. */
    FEATURE_FLAG
  }

  public Parity {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(window, "window");
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window must be 1h to 14d, got " + window);
    }
    kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
  }

  /** True when differences of {@code kind} count. */
  public boolean counts(FactKind kind) {
    return kinds.isEmpty() || kinds.contains(kind);
  }

  @Override
  public String kind() {
    return "parity";
  }

  /** {@code service}, {@code from}, {@code to}. */
  @Override
  public Map<String, String> templates() {
    return Map.of("service", service, "from", from, "to", to);
  }

  @Override
  public ValueKind valueKind() {
    return ValueKind.COUNT;
  }

  @Override
  public OptionalDouble quantile() {
    return OptionalDouble.empty();
  }
}

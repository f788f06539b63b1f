package io.tollgate.rules.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Which production traffic a load-parity SLI ({@code peak_ratio}, {@code operation_coverage})
 * compares a test run with.
 *
 * @param service the service ({@code $service}: the request's variables, else the test run's)
 * @param environment the production environment, {@code production} unless written
 * @param window the profile window, 1h to 14d, {@code 7d} unless written
 * @param traffic for {@code peak_ratio}: the operations judged are the busiest ones that together
 *     carry at least this share of production requests, 0 (exclusive) to 1; 0.9 unless written
 */
public record LoadParity(String service, String environment, Duration window, double traffic) {
  public static final String DEFAULT_ENVIRONMENT = "production";
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
  public static final double DEFAULT_TRAFFIC = 0.9;

  public LoadParity {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(window, "window");
    if (!(traffic > 0 && traffic <= 1)) {
      throw new IllegalArgumentException("traffic must be in (0, 1], got " + traffic);
    }
  }
}

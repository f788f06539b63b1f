package io.tollgate.testsupport;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.opentest4j.TestAbortedException;

/**
 * Decides what a spec does when a real component it needs is missing: skip with a message, or fail
 * when the component is named in {@code TOLLGATE_TEST_REQUIRE} (a comma-separated list such as
 * {@code kafka,postgres,prometheus}). CI sets it for every component it installs, so a spec that
 * needs one can never pass by being skipped there.
 */
public final class Components {
  public static final String REQUIRE_ENV = "TOLLGATE_TEST_REQUIRE";

  private static volatile Boolean docker;

  private Components() {}

  /** The components named in {@code TOLLGATE_TEST_REQUIRE} (or the system property). */
  public static Set<String> required() {
    String raw = System.getProperty("tollgate.test.require", System.getenv(REQUIRE_ENV));
    if (raw == null || raw.isBlank() || raw.startsWith("${")) {
      return Set.of();
    }
    return Arrays.stream(raw.split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  public static boolean isRequired(String component) {
    Set<String> required = required();
    return required.contains(component) || required.contains("all");
  }

  /**
   * The exception to throw when {@code component} cannot be provided: an {@link
   * IllegalStateException} (a failure) when it is required, a {@link TestAbortedException} (a skip)
   * otherwise.
   */
  public static RuntimeException unavailable(String component, String why, Throwable cause) {
    if (isRequired(component)) {
      return new IllegalStateException(
          component + " is required by " + REQUIRE_ENV + " but is unavailable: " + why, cause);
    }
    // Surefire does not print why a spec was aborted; say it where a reader of the log looks.
    System.err.println(
        "SKIPPED: " + component + " unavailable: " + why + " (" + REQUIRE_ENV + " would fail)");
    return new TestAbortedException(
        component
            + " unavailable, spec skipped: "
            + why
            + " (set "
            + REQUIRE_ENV
            + "="
            + component
            + " to make this a failure)",
        cause);
  }

  /** True when a Docker engine answers, so Testcontainers can run. */
  public static boolean dockerAvailable() {
    Boolean known = docker;
    if (known == null) {
      boolean answer;
      try {
        answer = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        answer = false;
      }
      docker = known = answer;
    }
    return known;
  }
}

package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.api.ProblemException;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses and checks scenario request parameters, shared by the API and the web UI. */
public final class Requests {
  private static final Pattern SCENARIO_ID =
      Pattern.compile("(production|canary|test)-[0-9a-f]{32}");

  private Requests() {}

  public static ScenarioCatalog.Filter filter(
      @Nullable String environment,
      @Nullable String service,
      @Nullable String coverage,
      @Nullable Boolean newInCanary,
      @Nullable String triage) {
    return new ScenarioCatalog.Filter(
        blank(environment)
            ? null
            : Environment.parse(environment)
                .orElseThrow(
                    () ->
                        ProblemException.badRequest(
                            "environment must be production, canary or test")),
        blank(service) ? null : service.strip(),
        blank(coverage) ? null : coverage(coverage),
        Boolean.TRUE.equals(newInCanary),
        blank(triage) ? null : state(triage));
  }

  public static String scenarioId(String id) {
    if (id == null || !SCENARIO_ID.matcher(id).matches()) {
      throw ProblemException.notFound(
          "scenario " + (id == null ? "" : id.replaceAll("[^\\w-]", "?")));
    }
    return id;
  }

  public static TriageState state(String state) {
    return TriageState.parse(state)
        .orElseThrow(
            () ->
                ProblemException.badRequest(
                    "state must be one of to_investigate, product_bug, test_bug, system_issue,"
                        + " accepted"));
  }

  @Nullable
  public static String ticketUrl(@Nullable String url) {
    if (blank(url)) {
      return null;
    }
    try {
      URI u = URI.create(url.strip());
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
        return u.toString();
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ProblemException.badRequest("ticketUrl must be an http(s) URL");
  }

  static com.google.re2j.Pattern pattern(String regex) {
    return RulePatterns.compile(regex);
  }

  @Nullable
  static TestKey.Kind kind(@Nullable String kind) {
    if (blank(kind) || "any".equalsIgnoreCase(kind.strip())) {
      return null;
    }
    try {
      return TestKey.Kind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("kind must be junit, k6, jmeter or any");
    }
  }

  private static Coverage coverage(String coverage) {
    try {
      return Coverage.valueOf(coverage.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("coverage must be covered, touched, uncovered or test");
    }
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}

package io.tollgate.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Exit codes and one-screen summaries of decisions. */
final class Decisions {
  static final int PASS = 0;
  static final int FAIL = 1;
  static final int INCONCLUSIVE = 2;
  static final int ERROR = 3;
  static final int PENDING = 4;

  private Decisions() {}

  /**
   * 0 pass (warn too unless strict), 1 fail, 2 inconclusive, 3 error, 4 no decision yet: a pipeline
   * that reads any non-zero code as "do not promote" stays safe, and one that waits can tell "not
   * yet" (4) from "cannot tell" (2).
   */
  static int exitCode(String decision, boolean strict) {
    return switch (decision) {
      case "PASS" -> PASS;
      case "WARN" -> strict ? FAIL : PASS;
      case "FAIL" -> FAIL;
      case "ERROR" -> ERROR;
      case "INCONCLUSIVE" -> INCONCLUSIVE;
      default -> PENDING;
    };
  }

  /** Prints a decision: the verdict line, then each SLI's outcome and reason. */
  static void print(JsonNode evaluation, PrintWriter out) {
    JsonNode summary = evaluation.has("summary") ? evaluation.path("summary") : evaluation;
    out.printf(
        "%s  gate %s v%s  evaluation %s%s%n",
        summary.path("decision").asText("?"),
        summary.path("gate").asText(),
        summary.path("gateVersion").asText(),
        summary.path("id").asText(),
        summary.hasNonNull("score")
            ? String.format(
                java.util.Locale.ROOT, "  score %.1f%%", summary.path("score").asDouble())
            : "");
    if (summary.hasNonNull("override")) {
      JsonNode o = summary.path("override");
      out.printf(
          "  override %s by %s: %s%n",
          o.path("outcome").asText(), o.path("by").asText(), o.path("reason").asText());
    }
    if (summary.hasNonNull("reason")) {
      out.println("  " + summary.path("reason").asText());
    }
    for (JsonNode sli : evaluation.path("detail").path("slis")) {
      out.printf(
          "  %-12s %-22s %s%n",
          sli.path("outcome").asText(), sli.path("name").asText(), sli.path("reason").asText());
    }
  }
}

package io.tollgate.gate.integrations;

import io.micronaut.json.JsonMapper;
import io.tollgate.gate.evaluation.EvaluationRow;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Short reasons for tools that show a line or two: Argo's AnalysisRun, Flagger's events. */
@Singleton
final class Reasons {
  private static final int MAX_LINE = 200;

  private final JsonMapper json;
  private final Clock clock;

  Reasons(JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  String decision(EvaluationRow row) {
    return row.effectiveOutcome(clock.instant());
  }

  /** Up to {@code max} lines: overrides first, then the SLIs that did not pass, else the gate's. */
  @SuppressWarnings("unchecked")
  List<String> top(EvaluationRow row, int max) {
    List<String> out = new ArrayList<>();
    if (row.overrideOutcome() != null && decision(row).equals(row.overrideOutcome().name())) {
      out.add(cut("override by " + row.overrideBy() + ": " + row.overrideReason()));
    }
    if (row.result() != null) {
      try {
        Map<String, Object> result = json.readValue(row.result(), Map.class);
        for (Object o : (List<Object>) result.getOrDefault("slis", List.of())) {
          Map<String, Object> sli = (Map<String, Object>) o;
          if (!"PASS".equals(sli.get("outcome")) && out.size() < max) {
            out.add(cut(sli.get("name") + " " + sli.get("outcome") + ": " + sli.get("reason")));
          }
        }
      } catch (IOException e) {
        // fall back to the gate's reason below
      }
    }
    if (out.isEmpty() && row.reason() != null) {
      out.add(cut(row.reason()));
    }
    return out.size() > max ? out.subList(0, max) : out;
  }

  /** One line for Flagger's events. */
  String line(EvaluationRow row) {
    List<String> r = top(row, 1);
    return cut(
        decision(row) + (r.isEmpty() ? "" : " - " + r.get(0)) + " (evaluation " + row.id() + ")");
  }

  private static String cut(String s) {
    String one = s.replace('\n', ' ').replace('\r', ' ');
    return one.length() <= MAX_LINE ? one : one.substring(0, MAX_LINE - 3) + "...";
  }
}

package io.tollgate.gate.evaluation;

import java.time.Duration;
import java.time.Instant;

/** What an evaluation compares and over which window: checked and resolved before it starts. */
final class RequestWindows {
  private RequestWindows() {}

  static void checkSides(EvaluationRequest r) {
    boolean canary = !r.canaryOrEmpty().isEmpty();
    boolean baseline = !r.baselineOrEmpty().isEmpty();
    if (canary != baseline) {
      throw EvaluationService.invalid(
          canary
              ? "baseline: a canary needs a baseline to be compared with"
              : "canary: a baseline needs a canary");
    }
    if (!canary && r.targetOrEmpty().isEmpty() && r.testRunsOrEmpty().isEmpty()) {
      throw EvaluationService.invalid(
          "give canary and baseline selectors, a target selector, or testRuns");
    }
  }

  static EvaluationRequest fixed(EvaluationRequest r, Instant now) {
    Instant start;
    Instant end;
    if (r.lookback() != null) {
      if (r.start() != null || r.end() != null) {
        throw EvaluationService.invalid("give either lookback or start/end, not both");
      }
      end = now;
      start = now.minus(duration(r.lookback(), "lookback"));
    } else if (r.start() != null) {
      start = r.start();
      end = r.end() != null ? r.end() : now;
    } else if (!r.testRunsOrEmpty().isEmpty()) {
      // test-run gates need no telemetry window; still record the hour before now
      start = now.minus(Duration.ofHours(1));
      end = now;
    } else {
      throw EvaluationService.invalid(
          "give a window: lookback (e.g. 30m), start/end, or continuous");
    }
    if (!start.isBefore(end)) {
      throw EvaluationService.invalid("start must be before end");
    }
    if (Duration.between(start, end).compareTo(EvaluationService.MAX_WINDOW) > 0) {
      throw EvaluationService.invalid("the window may be at most 31 days");
    }
    return r.withWindow(start, end);
  }

  private static Duration duration(String text, String field) {
    return RequestLimits.duration(field, text, EvaluationService.MAX_WINDOW);
  }
}

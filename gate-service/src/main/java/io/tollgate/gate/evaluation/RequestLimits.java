package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Limits of the evaluation API's own inputs, checked before anything is written: every violation is
 * a 400 problem naming the field (a JSON pointer), never a database error.
 */
final class RequestLimits {
  static final int MAX_KEY = 200;
  static final int MAX_LABELS = 20;
  static final int MAX_LABEL_KEY = 100;
  static final int MAX_LABEL_VALUE = 400;
  static final int MAX_VARIABLES = 50;
  static final int MAX_VARIABLE_VALUE = 1000;
  static final int MAX_TEST_RUNS = 100;
  static final int MAX_REASON = 2000;
  static final int MAX_DURATION_TEXT = 40;
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private RequestLimits() {}

  static void check(EvaluationRequest r) {
    if (r.gateVersion() != null && r.gateVersion() < 1) {
      throw invalid("/gateVersion", "gateVersion must be 1 or more");
    }
    labels("canary", r.canary());
    labels("baseline", r.baseline());
    labels("target", r.target());
    FlagSelector.check(r);
    map("variables", r.variables(), MAX_VARIABLES, MAX_VARIABLE_VALUE);
    map("context", r.context(), MAX_LABELS, MAX_LABEL_VALUE);
    canaryWeight(r.contextOrEmpty().get(Evaluator.CANARY_WEIGHT));
    instant("start", r.start());
    instant("end", r.end());
    text("lookback", r.lookback(), MAX_DURATION_TEXT);
    if (r.continuous() != null) {
      text("continuous/interval", r.continuous().interval(), MAX_DURATION_TEXT);
      text("continuous/maxDuration", r.continuous().maxDuration(), MAX_DURATION_TEXT);
    }
    List<Long> runs = r.testRuns();
    if (runs != null) {
      if (runs.size() > MAX_TEST_RUNS) {
        throw invalid("/testRuns", "at most " + MAX_TEST_RUNS + " test runs");
      }
      for (int i = 0; i < runs.size(); i++) {
        if (runs.get(i) == null || runs.get(i) < 1) {
          throw invalid("/testRuns/" + i, "a test run id must be a positive number");
        }
      }
    }
    key("/idempotencyKey", r.idempotencyKey());
  }

  /** An idempotency key: 1 to 200 printable characters. */
  static void key(String pointer, @Nullable String key) {
    if (key == null) {
      return;
    }
    if (key.isBlank() || key.length() > MAX_KEY) {
      throw invalid(pointer, "an idempotency key has 1 to " + MAX_KEY + " characters");
    }
    if (!printable(key)) {
      throw invalid(pointer, "an idempotency key may not contain control characters");
    }
  }

  static void reason(String pointer, @Nullable String reason, boolean required) {
    if (reason == null || reason.isBlank()) {
      if (required) {
        throw invalid(pointer, "needs a reason");
      }
      return;
    }
    if (reason.length() > MAX_REASON) {
      throw invalid(pointer, "at most " + MAX_REASON + " characters");
    }
    if (reason.indexOf('\0') >= 0) {
      throw invalid(pointer, "may not contain NUL characters");
    }
  }

  /**
   * The rollout's canary weight, a percentage from 0 to 100 as Argo's setWeight and Flagger's
   * stepWeight give it: anything else would silently switch the sample-ratio check off.
   */
  static void canaryWeight(@Nullable String weight) {
    if (weight == null) {
      return;
    }
    String pointer = "/context/" + Evaluator.CANARY_WEIGHT;
    double percent;
    try {
      percent = Double.parseDouble(weight.trim());
    } catch (NumberFormatException e) {
      throw invalid(pointer, "a percentage from 0 to 100, e.g. 25");
    }
    if (!(percent >= 0 && percent <= 100)) {
      throw invalid(pointer, "a percentage from 0 to 100, e.g. 25");
    }
  }

  static void instant(String field, @Nullable Instant at) {
    if (at != null && (at.isBefore(EARLIEST) || at.isAfter(LATEST))) {
      throw invalid("/" + field, field + " must lie between 1970 and 9999");
    }
  }

  /** A duration that parses and is positive and at most {@code max}. */
  static Duration duration(String field, @Nullable String text, Duration max) {
    Duration d;
    try {
      d = Durations.parse(text, field);
    } catch (IllegalArgumentException e) {
      throw invalid("/" + field, e.getMessage());
    }
    if (d.isNegative() || d.isZero()) {
      throw invalid("/" + field, field + " must be positive");
    }
    if (d.compareTo(max) > 0) {
      throw invalid("/" + field, field + " may be at most " + max.toDays() + " days");
    }
    return d;
  }

  private static void labels(String field, @Nullable Map<String, String> m) {
    map(field, m, MAX_LABELS, MAX_LABEL_VALUE);
  }

  private static void map(String field, @Nullable Map<String, String> m, int entries, int value) {
    if (m == null) {
      return;
    }
    if (m.size() > entries) {
      throw invalid("/" + field, "at most " + entries + " entries");
    }
    for (Map.Entry<String, String> e : m.entrySet()) {
      String k = e.getKey();
      if (k == null || k.isBlank() || k.length() > MAX_LABEL_KEY || !printable(k)) {
        throw invalid("/" + field, "a key has 1 to " + MAX_LABEL_KEY + " printable characters");
      }
      String pointer = "/" + field + "/" + k.replace("~", "~0").replace("/", "~1");
      if (e.getValue() == null) {
        throw invalid(pointer, "a value is required");
      }
      if (e.getValue().length() > value) {
        throw invalid(pointer, "at most " + value + " characters");
      }
      if (e.getValue().indexOf('\0') >= 0) {
        throw invalid(pointer, "may not contain NUL characters");
      }
    }
  }

  private static void text(String field, @Nullable String s, int max) {
    if (s != null && (s.length() > max || !printable(s))) {
      throw invalid("/" + field, "at most " + max + " printable characters");
    }
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static ProblemException invalid(String pointer, String message) {
    String field = pointer.substring(1).replace('/', '.');
    return new ProblemException(
        ProblemType.VALIDATION,
        field + ": " + message,
        List.of(Problem.Issue.at(pointer, message)));
  }
}

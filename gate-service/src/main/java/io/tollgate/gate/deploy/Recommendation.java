package io.tollgate.gate.deploy;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.evaluation.EvaluationRow;
import java.time.Instant;
import java.util.Locale;

/**
 * What a post-deploy evaluation recommends for the release it watches: {@code rollback} on FAIL,
 * {@code promote} on PASS or WARN, {@code continue} while it watches or when it could not decide
 * (INCONCLUSIVE, ERROR, cancelled): keep the release and look, never a silent promote.
 */
public enum Recommendation {
  ROLLBACK,
  PROMOTE,
  CONTINUE;

  /** The request context key that marks an evaluation started by a change, and its value. */
  public static final String MODE = "mode";

  public static final String POST_DEPLOY = "post-deploy";

  /** The recommendation for an evaluation at {@code now} (an override in force wins). */
  public static Recommendation of(EvaluationRow row, Instant now) {
    if (!row.done()) {
      return CONTINUE;
    }
    String outcome = row.effectiveOutcome(now);
    if ("FAIL".equals(outcome)) {
      return ROLLBACK;
    }
    return "PASS".equals(outcome) || "WARN".equals(outcome) ? PROMOTE : CONTINUE;
  }

  /** The recommendation if the evaluation watches a change, else null (a pipeline's evaluation). */
  @Nullable
  public static String forEvent(EvaluationRow row, Instant now) {
    return row.request() != null
            && row.request().contains("\"" + MODE + "\":\"" + POST_DEPLOY + "\"")
        ? of(row, now).id()
        : null;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}

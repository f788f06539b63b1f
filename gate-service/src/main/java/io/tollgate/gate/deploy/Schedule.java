package io.tollgate.gate.deploy;

import io.micronaut.scheduling.cron.CronExpression;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.rules.model.Binding;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** When a schedule binding runs next: every period, or at the cron expression's times (UTC). */
final class Schedule {
  private Schedule() {}

  static Instant next(
      Binding.Trigger trigger, java.time.Duration every, String cron, Instant after) {
    if (trigger != Binding.Trigger.SCHEDULE) {
      throw new IllegalArgumentException("only schedules run on their own");
    }
    if (cron == null) {
      return after.plus(every);
    }
    // Micronaut's expressions start with seconds; the binding's five fields start with minutes
    try {
      ZonedDateTime next =
          CronExpression.create("0 " + cron.trim()).nextTimeAfter(after.atZone(ZoneOffset.UTC));
      return next.toInstant();
    } catch (RuntimeException e) {
      throw new ProblemException(
          ProblemType.INVALID_GATE,
          "cron '"
              + cron
              + "' is not a valid expression (minute hour day-of-month month"
              + " day-of-week)");
    }
  }

  static Instant next(StoredBinding b, Instant after) {
    return next(b.trigger(), b.every(), b.cron(), after);
  }
}

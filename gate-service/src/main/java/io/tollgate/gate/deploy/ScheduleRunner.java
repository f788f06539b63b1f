package io.tollgate.gate.deploy;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.evaluation.Caller;
import io.tollgate.gate.evaluation.EvaluationRequest;
import io.tollgate.gate.evaluation.EvaluationService;
import io.tollgate.gate.evaluation.QuotaExceeded;
import io.tollgate.rules.model.Durations;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs schedule bindings: each due binding is claimed (one replica moves its next run), then its
 * gate is evaluated over the window that ends now ({@code watch} long) for the service in the bound
 * environment. A run that cannot start (a quota, a removed gate) is logged and the schedule moves
 * on. Off where evaluations are ({@code tollgate.evaluations.enabled: false}, the ingest role).
 */
@Singleton
@Requires(property = "tollgate.evaluations.enabled", notEquals = "false")
final class ScheduleRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);
  private static final int BATCH = 50;

  private final BindingStore bindings;
  private final EvaluationService evaluations;
  private final Clock clock;

  ScheduleRunner(BindingStore bindings, EvaluationService evaluations, Clock clock) {
    this.bindings = bindings;
    this.evaluations = evaluations;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelay = "${tollgate.deploy.schedule-poll:30s}",
      initialDelay = "${tollgate.deploy.schedule-poll:30s}")
  void poll() {
    try {
      runDue();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("running due schedules failed; trying again at the next poll", e);
    }
  }

  /** Starts the due schedules; returns how many started. */
  int runDue() throws SQLException {
    Instant now = clock.instant();
    int started = 0;
    for (StoredBinding b : bindings.due(now, BATCH)) {
      Instant next = Schedule.next(b, now);
      if (!bindings.claim(b.id(), b.nextRunAt(), next)) {
        continue;
      }
      Map<String, String> target = new LinkedHashMap<>();
      target.put("service", b.service());
      target.put("environment", b.environment());
      Map<String, String> context = new LinkedHashMap<>();
      context.put("trigger", "schedule");
      context.put("binding", Long.toString(b.id()));
      try {
        evaluations.start(
            new EvaluationRequest(
                b.gate(),
                null,
                null,
                null,
                target,
                null,
                null,
                Durations.format(b.watch()),
                null,
                null,
                null,
                context,
                null),
            null,
            Caller.internal("schedule:" + b.gate()));
        started++;
      } catch (QuotaExceeded | ProblemException e) {
        LOG.warn("schedule {} of gate {} did not start: {}", b.id(), b.gate(), e.getMessage());
      }
    }
    return started;
  }
}

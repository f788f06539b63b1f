package io.tollgate.gate.evaluation;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.observability.EvaluationMetrics;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs evaluation jobs: claims due rows, evaluates them on a bounded pool, and writes each step's
 * decision. Any replica can run any job; a job whose replica died is claimed again once its claim
 * expires, so a restart resumes it. Off where {@code tollgate.evaluations.enabled} is false
 * (ingest-only replicas).
 */
@Context
@Requires(property = "tollgate.evaluations.enabled", notEquals = "false")
class EvaluationJobs {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationJobs.class);

  private final EvaluationRepository evaluations;
  private final JobClaims claims;
  private final Evaluator evaluator;
  private final EvaluationService service;
  private final EvaluationSignals signals;
  private final JsonMapper json;
  private final Clock clock;
  private final EvaluationProperties properties;
  private final ExecutorService pool;
  private final Semaphore free;
  private final AtomicBoolean ticking = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final String node = ManagementFactory.getRuntimeMXBean().getName();
  private final Counter decisions;
  private final Histogram duration;

  EvaluationJobs(
      EvaluationRepository evaluations,
      JobClaims claims,
      Evaluator evaluator,
      EvaluationService service,
      EvaluationSignals signals,
      JsonMapper json,
      Clock clock,
      EvaluationProperties properties,
      EvaluationMetrics metrics) {
    this.evaluations = evaluations;
    this.claims = claims;
    this.evaluator = evaluator;
    this.service = service;
    this.signals = signals;
    this.json = json;
    this.clock = clock;
    this.properties = properties;
    int workers = Math.max(1, properties.workers());
    this.pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "tollgate-evaluation");
              t.setDaemon(true);
              return t;
            });
    this.free = new Semaphore(workers);
    this.decisions = metrics.decisions();
    this.duration = metrics.steps();
    signals.onSubmit(() -> pool.execute(this::tick));
  }

  @Scheduled(fixedDelay = "${tollgate.evaluations.poll-interval:1s}")
  void tick() {
    again.set(true);
    while (again.get() && ticking.compareAndSet(false, true)) {
      again.set(false);
      try {
        claimAndRun();
      } finally {
        ticking.set(false);
      }
    }
  }

  private void claimAndRun() {
    try {
      int available = free.availablePermits();
      if (available == 0) {
        return;
      }
      Instant now = clock.instant();
      List<EvaluationRow> due =
          claims.claim(now, available, node, now.plus(properties.claimTimeout()));
      for (EvaluationRow row : due) {
        free.acquireUninterruptibly();
        pool.execute(
            () -> {
              try {
                run(row);
              } finally {
                free.release();
              }
            });
      }
    } catch (RuntimeException e) {
      LOG.warn("claiming evaluation jobs failed; retrying on the next tick", e);
    }
  }

  void run(EvaluationRow row) {
    long start = System.nanoTime();
    Instant now = clock.instant();
    try {
      EvaluationRequest request = service.request(row);
      Evaluator.Step step = evaluator.step(row, request, now);
      String status = step.last() ? EvaluationRow.DONE : EvaluationRow.PENDING;
      evaluations.recordStep(
          row.id(),
          status,
          step.result().outcome().name(),
          finite(step.result().score()),
          cut(step.result().reason()),
          json.writeValueAsString(step.decision()),
          now,
          step.last() ? now : null,
          step.nextRunAt());
      if (step.last()) {
        decisions.labelValues(row.gateName(), step.result().outcome().name()).inc();
      }
    } catch (ProblemException e) {
      fail(row, now, e.detail());
    } catch (IOException | RuntimeException e) {
      LOG.error("evaluation {} failed", row.id(), e);
      fail(
          row,
          now,
          "the evaluation failed with an internal error ("
              + e.getClass().getSimpleName()
              + "); see the service log");
    } finally {
      duration.observe((System.nanoTime() - start) / 1e9);
      signals.decided();
    }
  }

  private void fail(EvaluationRow row, Instant now, String reason) {
    evaluations.recordStep(
        row.id(), EvaluationRow.DONE, "ERROR", null, cut(reason), null, now, now, now);
    decisions.labelValues(row.gateName(), "ERROR").inc();
  }

  @PreDestroy
  void stop() throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static String cut(String s) {
    return s == null ? "" : s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }
}

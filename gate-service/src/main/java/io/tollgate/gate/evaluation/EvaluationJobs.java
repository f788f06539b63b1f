package io.tollgate.gate.evaluation;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.observability.EvaluationMetrics;
import io.tollgate.rules.model.Outcome;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs evaluation jobs: claims due rows while workers are free, evaluates each step within its
 * deadline, renews the claims of running steps, and writes a step's result only while its claim is
 * current ({@link JobStore}). A job whose replica died is claimed again once its claim expires
 * ({@code claim-timeout}, 15 s by default); at shutdown this replica releases its claims so others
 * take the jobs at once. Off where {@code tollgate.evaluations.enabled} is false (ingest-only
 * replicas).
 */
@Context
@Requires(property = "tollgate.evaluations.enabled", notEquals = "false")
class EvaluationJobs {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationJobs.class);

  private record Running(JobStore.Claim claim, Deadline deadline, Future<?> future) {}

  private final JobStore store;
  private final Evaluator evaluator;
  private final EvaluationService service;
  private final EvaluationSignals signals;
  private final JsonMapper json;
  private final Clock clock;
  private final EvaluationProperties properties;
  private final ExecutorService pool;
  private final ScheduledExecutorService claimer;
  private final Semaphore free;
  private final AtomicBoolean ticking = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final Map<Long, Running> running = new ConcurrentHashMap<>();
  private final String node =
      ManagementFactory.getRuntimeMXBean().getName()
          + "/"
          + UUID.randomUUID().toString().substring(0, 8);
  private final Counter decisions;
  private final Histogram duration;
  private volatile boolean stopping;

  EvaluationJobs(
      JobStore store,
      Evaluator evaluator,
      EvaluationService service,
      EvaluationSignals signals,
      JsonMapper json,
      Clock clock,
      EvaluationProperties properties,
      EvaluationMetrics metrics) {
    this.store = store;
    this.evaluator = evaluator;
    this.service = service;
    this.signals = signals;
    this.json = json;
    this.clock = clock;
    this.properties = properties;
    int workers = Math.max(1, properties.workers());
    this.pool = Executors.newFixedThreadPool(workers, daemon("tollgate-evaluation"));
    this.claimer = Executors.newSingleThreadScheduledExecutor(daemon("tollgate-jobs"));
    this.free = new Semaphore(workers);
    this.decisions = metrics.decisions();
    this.duration = metrics.steps();
    long poll = Math.max(50, properties.pollInterval().toMillis());
    long renew = Math.max(100, properties.claimTimeout().toMillis() / 3);
    claimer.scheduleWithFixedDelay(this::tick, poll, poll, TimeUnit.MILLISECONDS);
    claimer.scheduleWithFixedDelay(this::renew, renew, renew, TimeUnit.MILLISECONDS);
    signals.onSubmit(this::wake);
  }

  /** Asks the runner to claim now (new work, or a worker became free). */
  void wake() {
    if (!stopping) {
      try {
        claimer.execute(this::tick);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // shutting down
      }
    }
  }

  /** Claims due jobs until no worker is free or none is due. */
  void tick() {
    again.set(true);
    while (again.get() && ticking.compareAndSet(false, true)) {
      again.set(false);
      try {
        while (!stopping && claimBatch()) {
          // keep claiming while workers are free and jobs are due
        }
      } catch (RuntimeException e) {
        // never let an exception end the periodic schedule
        LOG.warn("the evaluation runner's tick failed; retrying on the next", e);
      } finally {
        ticking.set(false);
      }
    }
  }

  private boolean claimBatch() {
    int available = free.availablePermits();
    if (available == 0) {
      return false;
    }
    List<JobStore.Claim> due;
    try {
      Instant now = clock.instant();
      due = store.claim(now, available, node, now.plus(properties.claimTimeout()));
    } catch (SQLException | RuntimeException e) {
      LOG.warn("claiming evaluation jobs failed; retrying on the next tick", e);
      return false;
    }
    for (JobStore.Claim claim : due) {
      free.acquireUninterruptibly();
      Deadline deadline = Deadline.in(properties.stepTimeout());
      FutureTask<Void> task =
          new FutureTask<>(
              () -> {
                try {
                  run(claim, deadline);
                } finally {
                  running.remove(claim.id());
                  free.release();
                  wake();
                }
              },
              null);
      // registered before it runs, so its removal always comes after
      running.put(claim.id(), new Running(claim, deadline, task));
      try {
        pool.execute(task);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        running.remove(claim.id());
        free.release();
        return false; // shutting down; the claim is released by stop()
      }
    }
    return due.size() == available;
  }

  /** Extends the claims of running steps; a step whose claim was lost, or overran, is stopped. */
  void renew() {
    Instant until = clock.instant().plus(properties.claimTimeout());
    for (Running r : List.copyOf(running.values())) {
      try {
        boolean held = store.renew(r.claim(), until);
        // the sources already stop at the deadline; this catches a step stuck elsewhere
        boolean overran =
            System.nanoTime() - r.deadline().atNanos() > properties.queryTimeout().toNanos();
        if (!held || overran) {
          LOG.info(
              "evaluation {}: {}; stopping its step",
              r.claim().id(),
              held ? "the step overran its deadline" : "the claim was lost");
          r.future().cancel(true);
        }
      } catch (SQLException | RuntimeException e) {
        LOG.warn("renewing the claim of evaluation {} failed", r.claim().id(), e);
      }
    }
  }

  void run(JobStore.Claim claim, Deadline deadline) {
    long start = System.nanoTime();
    Instant now = clock.instant();
    EvaluationRow row = null;
    try {
      row = service.get(claim.id());
      if (row.done()) {
        return;
      }
      if (row.createdByToken() != null && store.tokenRevoked(row.createdByToken())) {
        service.cancelled(row, "the API token that started it was revoked", "system");
        return;
      }
      EvaluationRequest request = service.request(row);
      Evaluator.Step step = evaluator.step(row, request, now, deadline);
      EvaluationStatus status = step.last() ? EvaluationStatus.DONE : EvaluationStatus.PENDING;
      boolean written =
          store.record(
              claim,
              node,
              new JobStore.StepWrite(
                  status,
                  step.result().outcome(),
                  finite(step.result().score()),
                  cut(step.result().reason()),
                  json.writeValueAsString(step.decision()),
                  clock.instant(),
                  step.last() ? clock.instant() : null,
                  step.nextRunAt(),
                  now));
      if (!written) {
        LOG.info("evaluation {}: the claim was lost; this step's result is dropped", claim.id());
      } else if (step.last()) {
        decisions.labelValues(row.gateName(), step.result().outcome().name()).inc();
      }
      service.changed(claim.id());
    } catch (ProblemException e) {
      fail(claim, row, now, e.detail());
    } catch (IOException | SQLException | RuntimeException e) {
      if (Thread.currentThread().isInterrupted() || stopping) {
        return; // stopped (lost claim, overran, shutdown): another replica or step takes over
      }
      LOG.error("evaluation {} failed", claim.id(), e);
      fail(
          claim,
          row,
          now,
          "the evaluation failed with an internal error ("
              + e.getClass().getSimpleName()
              + "); see the service log");
    } finally {
      duration.observe((System.nanoTime() - start) / 1e9);
    }
  }

  private void fail(JobStore.Claim claim, EvaluationRow row, Instant now, String reason) {
    try {
      Instant at = clock.instant();
      if (store.record(
          claim,
          node,
          new JobStore.StepWrite(
              EvaluationStatus.DONE, Outcome.ERROR, null, cut(reason), null, at, at, at, now))) {
        decisions.labelValues(row == null ? "" : row.gateName(), "ERROR").inc();
      }
      service.changed(claim.id());
    } catch (SQLException | RuntimeException e) {
      LOG.warn("recording the failure of evaluation {} failed", claim.id(), e);
    }
  }

  /** Stops claiming, stops running steps (they write nothing) and releases this node's claims. */
  @PreDestroy
  void stop() throws InterruptedException {
    stopping = true;
    claimer.shutdownNow();
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
    try {
      int released = store.release(node);
      if (released > 0) {
        LOG.info("released {} evaluation claims for other replicas", released);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("releasing evaluation claims failed; they expire by themselves", e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static String cut(String s) {
    return s == null ? "" : s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }
}

package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-polls without threads: a waiter is a {@link CompletableFuture} registered per evaluation,
 * completed when a change of that evaluation is announced ({@link #changed}, locally or through
 * {@link EvaluationNotifier} from another replica) and it is final or overridden, or when its wait
 * ends. Two small threads do all the re-reading and timing, whatever the number of waiters.
 */
@Singleton
final class DecisionWaits {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionWaits.class);

  private record Waiter(CompletableFuture<EvaluationRow> future, @Nullable String caller) {}

  private record Read(EvaluationRow row, long atNanos) {}

  /** Waits that end together on one evaluation share one read (no change arrives in between). */
  private static final long SHARE_READ_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final Map<Long, Read> recent = new ConcurrentHashMap<>();

  private final Map<Long, List<Waiter>> waiting = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemon("tollgate-wait-timer"));
  private final ExecutorService reader = Executors.newFixedThreadPool(2, daemon("tollgate-wake"));
  private final int maxPerCaller;
  private final Duration retryAfter;

  DecisionWaits(EvaluationProperties properties) {
    this.maxPerCaller = Math.max(1, properties.maxLongPollsPerToken());
    this.retryAfter = Duration.ofSeconds(5);
  }

  /**
   * Completes with the row once it is final or overridden, or when {@code wait} ends (with the row
   * as it is then). {@code read} loads the row; it runs on this class's reader thread.
   *
   * @param caller the caller's scope, capped at {@code max-long-polls-per-token}; null for internal
   *     callers
   * @throws QuotaExceeded when the caller already holds its maximum of long-polls
   */
  CompletableFuture<EvaluationRow> await(
      long id, Duration wait, @Nullable String caller, LongFunction<EvaluationRow> read) {
    CompletableFuture<EvaluationRow> f = new CompletableFuture<>();
    if (caller != null) {
      AtomicInteger n = perCaller.computeIfAbsent(caller, k -> new AtomicInteger());
      if (n.incrementAndGet() > maxPerCaller) {
        n.decrementAndGet();
        throw new QuotaExceeded(
            "this token already holds " + maxPerCaller + " long-polls (wait=); poll less often",
            retryAfter);
      }
      f.whenComplete((r, e) -> perCaller.get(caller).decrementAndGet());
    }
    Waiter w = new Waiter(f, caller);
    // register before the first read, so a change landing in between is not missed
    waiting.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(w);
    f.whenComplete((r, e) -> remove(id, w));
    reader.execute(() -> check(id, List.of(w), read, false, false));
    timer.schedule(
        () -> reader.execute(() -> check(id, List.of(w), read, true, true)),
        Math.max(0, wait.toMillis()),
        TimeUnit.MILLISECONDS);
    return f;
  }

  /** The evaluation changed (a step, an override, a cancel): re-read it for its waiters. */
  void changed(long id, LongFunction<EvaluationRow> read) {
    List<Waiter> ws = waiting.get(id);
    if (ws != null && !ws.isEmpty()) {
      recent.remove(id);
      reader.execute(() -> check(id, ws, read, false, false));
    }
  }

  /** Everything may have changed (a lost notification connection): re-read for all waiters. */
  void changedAll(LongFunction<EvaluationRow> read) {
    for (Long id : List.copyOf(waiting.keySet())) {
      changed(id, read);
    }
  }

  int waiting() {
    return waiting.values().stream().mapToInt(List::size).sum();
  }

  private void check(
      long id, List<Waiter> ws, LongFunction<EvaluationRow> read, boolean last, boolean share) {
    if (ws.stream().allMatch(w -> w.future().isDone())) {
      return;
    }
    try {
      Read r = share ? recent.get(id) : null;
      EvaluationRow row;
      if (r != null && System.nanoTime() - r.atNanos() < SHARE_READ_NANOS) {
        row = r.row();
      } else {
        row = read.apply(id);
        if (recent.size() > 10_000) {
          recent.clear();
        }
        recent.put(id, new Read(row, System.nanoTime()));
      }
      if (last || row.done() || row.overrideOutcome() != null) {
        for (Waiter w : ws) {
          w.future().complete(row);
        }
      }
    } catch (RuntimeException e) {
      if (last) {
        ws.forEach(w -> w.future().completeExceptionally(e));
      } else {
        LOG.debug("re-reading evaluation {} for its waiters failed", id, e);
      }
    }
  }

  private void remove(long id, Waiter w) {
    waiting.computeIfPresent(
        id,
        (k, list) -> {
          list.remove(w);
          return list.isEmpty() ? null : list;
        });
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    reader.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}

package io.tollgate.ingest.kafka;

import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.store.AggregateStore;
import io.tollgate.telemetry.store.PartitionFencedException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits batches on a thread of its own, so the consumer decodes the next batch while the last one
 * is written. One commit is in flight at a time. A failed commit's batches are kept, in order, and
 * go first into the next commit: batches read meanwhile continue from their offsets, and one
 * transaction moves each partition's offset through all of them.
 */
final class Committer implements AutoCloseable {
  /** How the last commit ended. */
  record Outcome(Kind kind, long records, Exception error) {
    enum Kind {
      COMMITTED,
      FAILED,
      FENCED,
      /** A dead letter of the batch was not accepted: re-read from the stored offsets. */
      DEAD_LETTER_FAILED
    }
  }

  private final AggregateStore store;
  private final DeadLetters deadLetters;
  private final IngestMetrics metrics;
  private final ExecutorService executor;
  private Future<Outcome> inFlight;
  private List<PartitionBatch> inFlightBatches = List.of();
  private List<PartitionBatch> failed = List.of();

  Committer(AggregateStore store, DeadLetters deadLetters, IngestMetrics metrics, String name) {
    this.store = store;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  boolean busy() {
    return inFlight != null && !inFlight.isDone();
  }

  boolean hasFailed() {
    return !failed.isEmpty();
  }

  /** Starts committing the failed batches (if any) followed by {@code fresh}. */
  void submit(List<PartitionBatch> fresh) {
    if (inFlight != null) {
      throw new IllegalStateException("a commit is in flight");
    }
    List<PartitionBatch> all = new ArrayList<>(failed);
    all.addAll(fresh);
    failed = List.of();
    if (all.isEmpty()) {
      return;
    }
    inFlightBatches = all;
    inFlight = executor.submit(() -> commit(all));
  }

  /** The outcome of the commit in flight if it has ended, else null (never blocks). */
  Outcome poll() {
    return inFlight != null && inFlight.isDone() ? await() : null;
  }

  /** Waits for the commit in flight; null when there is none. */
  Outcome await() {
    if (inFlight == null) {
      return null;
    }
    Outcome outcome;
    try {
      outcome = inFlight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = new Outcome(Outcome.Kind.FAILED, records(inFlightBatches), e);
    } catch (ExecutionException e) {
      outcome = new Outcome(Outcome.Kind.FAILED, records(inFlightBatches), e);
    }
    if (outcome.kind() == Outcome.Kind.FAILED) {
      failed = inFlightBatches;
    }
    inFlight = null;
    inFlightBatches = List.of();
    return outcome;
  }

  /** Forgets failed batches of partitions this consumer no longer owns. */
  void drop(Collection<TopicPartition> gone) {
    failed =
        failed.stream()
            .filter(b -> !gone.contains(new TopicPartition(b.topic(), b.partition())))
            .toList();
  }

  void dropAll() {
    failed = List.of();
  }

  private Outcome commit(List<PartitionBatch> batches) {
    long start = System.nanoTime();
    long records = records(batches);
    try {
      deadLetters.flush();
      store.commit(batches);
      metrics.commitSeconds.observe((System.nanoTime() - start) / 1e9);
      return new Outcome(Outcome.Kind.COMMITTED, records, null);
    } catch (SQLException | RuntimeException e) {
      return new Outcome(Outcome.Kind.FAILED, records, e);
    } catch (PartitionFencedException e) {
      return new Outcome(Outcome.Kind.FENCED, records, e);
    } catch (DeadLetters.DeadLetterException e) {
      return new Outcome(Outcome.Kind.DEAD_LETTER_FAILED, records, e);
    }
  }

  private static long records(List<PartitionBatch> batches) {
    return batches.stream().mapToLong(PartitionBatch::records).sum();
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

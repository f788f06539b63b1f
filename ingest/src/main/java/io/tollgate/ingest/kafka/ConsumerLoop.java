package io.tollgate.ingest.kafka;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tollgate.ingest.otlp.MetricMapper;
import io.tollgate.ingest.otlp.OtlpDecoder;
import io.tollgate.ingest.otlp.TraceMapper;
import io.tollgate.ingest.otlp.UndecodableRecordException;
import io.tollgate.telemetry.aggregate.CardinalityGuard;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.store.AggregateStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-threaded poll loop: decode, aggregate into per-partition batches, commit batches with
 * their offsets, and on any database trouble pause, back off and retry the same batches.
 */
final class ConsumerLoop implements ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final IngestConfig config;
  private final Consumer<byte[], byte[]> consumer;
  private final AggregateStore store;
  private final DeadLetters deadLetters;
  private final IngestMetrics metrics;
  private final TraceMapper traces;
  private final MetricMapper metricMapper;
  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private final Committer committer;

  private volatile boolean running = true;
  private long holdUntilNanos;
  private long pendingRecords;
  private long pendingSinceNanos;
  private long backoffNanos;
  private long retryAtNanos;
  private boolean paused;

  ConsumerLoop(
      IngestConfig config,
      Consumer<byte[], byte[]> consumer,
      AggregateStore store,
      DeadLetters deadLetters,
      IngestMetrics metrics) {
    this.config = config;
    this.consumer = consumer;
    this.store = store;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    CardinalityGuard guard =
        new CardinalityGuard(
            config.maxSeriesPerService(), s -> metrics.seriesOverflow.labelValues(s).inc());
    this.traces = new TraceMapper(config.mapping(), guard);
    this.metricMapper = new MetricMapper(config.mapping());
    this.committer =
        new Committer(store, deadLetters, metrics, "tollgate-ingest-commit-" + config.groupId());
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  /** Runs until {@link #stop}; commits what it holds on the way out when the database lets it. */
  void run() {
    Pattern subscription =
        Pattern.compile(
            "(" + config.spanTopics().pattern() + ")|(" + config.metricTopics().pattern() + ")");
    consumer.subscribe(subscription, this);
    try {
      while (running) {
        step();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      try {
        if (commitNow() == Committer.Outcome.Kind.COMMITTED) {
          LOG.info("committed what was read before stopping");
        }
      } catch (RuntimeException e) {
        LOG.warn("last batch not committed; it will be read again", e);
      }
      committer.close();
    }
  }

  private void step() {
    positionUnpositioned();
    if (holdUntilNanos != 0) {
      consumer.poll(POLL); // paused: keeps the group membership alive, returns nothing
      if (System.nanoTime() < holdUntilNanos) {
        return;
      }
      holdUntilNanos = 0;
      resumeAll();
    }
    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
    for (ConsumerRecord<byte[], byte[]> r : records) {
      handle(r);
    }
    updateLag();
    handle(committer.poll());
    long now = System.nanoTime();
    if (paused) {
      if (!committer.busy() && now >= retryAtNanos) {
        committer.submit(takeBatches());
      }
      return;
    }
    boolean due =
        pendingRecords > 0
            && (pendingRecords >= config.batchMaxRecords()
                || now - pendingSinceNanos >= config.batchMaxInterval().toNanos());
    if (!due) {
      return;
    }
    if (committer.busy()) {
      if (pendingRecords < 2L * config.batchMaxRecords()) {
        return; // keep reading while the last batch is written
      }
      long waitStart = System.nanoTime();
      handle(committer.await()); // back-pressure: at most two batches in memory
      metrics.commitWaitSeconds.inc((System.nanoTime() - waitStart) / 1e9);
      if (paused) {
        return;
      }
    }
    committer.submit(takeBatches());
  }

  /** Hands the batches read so far over; the next ones continue from their end offsets. */
  private List<PartitionBatch> takeBatches() {
    List<PartitionBatch> batches = new ArrayList<>();
    for (PartitionState s : partitions.values()) {
      if (s.batch != null && !s.batch.isEmpty()) {
        batches.add(s.batch);
        s.storedOffset = s.batch.nextOffset();
      }
      s.batch = null;
    }
    pendingRecords = 0;
    return batches;
  }

  /** Waits for the commit in flight, then commits everything else; returns how that ended. */
  private Committer.Outcome.Kind commitNow() {
    handle(committer.await());
    committer.submit(takeBatches());
    Committer.Outcome outcome = committer.await();
    handle(outcome);
    return outcome == null ? Committer.Outcome.Kind.COMMITTED : outcome.kind();
  }

  private void handle(Committer.Outcome outcome) {
    if (outcome == null) {
      return;
    }
    switch (outcome.kind()) {
      case COMMITTED -> {
        backoffNanos = 0;
        if (paused) {
          resumeAll();
        }
      }
      case FAILED -> {
        metrics.commitFailures.labelValues("database").inc();
        backoffNanos =
            backoffNanos == 0
                ? config.retryBackoffMin().toNanos()
                : Math.min(2 * backoffNanos, config.retryBackoffMax().toNanos());
        retryAtNanos = System.nanoTime() + backoffNanos;
        LOG.warn(
            "commit of {} records failed; partitions paused, retry in {} ms: {}",
            outcome.records(),
            backoffNanos / 1_000_000,
            String.valueOf(outcome.error()));
        if (!paused) {
          pauseAll();
        }
      }
      case FENCED -> {
        metrics.commitFailures.labelValues("fenced").inc();
        LOG.warn(
            "{}; dropping uncommitted batches and re-reading from stored offsets",
            outcome.error().getMessage());
        rewind();
        if (paused) {
          paused = false;
          consumer.resume(consumer.assignment());
        }
      }
      case DEAD_LETTER_FAILED -> {
        // Never commit past a record that went nowhere: forget the batches, re-read them from the
        // stored offsets after a pause, and send the dead letter again.
        metrics.commitFailures.labelValues("dead_letter").inc();
        backoffNanos =
            backoffNanos == 0
                ? config.retryBackoffMin().toNanos()
                : Math.min(2 * backoffNanos, config.retryBackoffMax().toNanos());
        holdUntilNanos = System.nanoTime() + backoffNanos;
        LOG.warn(
            "{}; {} records held, re-read from stored offsets in {} ms",
            outcome.error().getMessage(),
            outcome.records(),
            backoffNanos / 1_000_000);
        rewind();
        if (!paused) {
          pauseAll();
        }
      }
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    PartitionState state = partitions.get(tp);
    if (state == null || !state.positioned) {
      return; // not ours any more, or not yet positioned: it will be read again from the store
    }
    if (state.batch == null) {
      state.batch = new PartitionBatch(r.topic(), r.partition(), state.storedOffset, r.offset());
    }
    if (pendingRecords == 0) {
      pendingSinceNanos = System.nanoTime();
    }
    metrics.records.labelValues(r.topic()).inc();
    byte[] value = r.value() == null ? new byte[0] : r.value();
    try {
      long t0 = System.nanoTime();
      if (state.spans) {
        ExportTraceServiceRequest request = OtlpDecoder.traces(value, config.encoding());
        long t1 = System.nanoTime();
        metrics.spans.inc(traces.map(request, state.batch));
        timed(t0, t1);
      } else {
        ExportMetricsServiceRequest request = OtlpDecoder.metrics(value, config.encoding());
        long t1 = System.nanoTime();
        metrics.metricPoints.inc(metricMapper.map(request, state.batch));
        timed(t0, t1);
      }
    } catch (UndecodableRecordException e) {
      deadLetters.send(r, config.encoding().name().toLowerCase(Locale.ROOT), e.getMessage());
    }
    state.batch.consumed(r.offset());
    pendingRecords++;
  }

  private void timed(long decodeStart, long aggregateStart) {
    long end = System.nanoTime();
    metrics.decodeSeconds.inc((aggregateStart - decodeStart) / 1e9);
    metrics.aggregateSeconds.inc((end - aggregateStart) / 1e9);
  }

  private void rewind() {
    committer.dropAll();
    for (PartitionState s : partitions.values()) {
      s.batch = null;
      s.positioned = false;
    }
    pendingRecords = 0;
  }

  private void pauseAll() {
    paused = true;
    consumer.pause(consumer.assignment());
  }

  private void resumeAll() {
    paused = false;
    consumer.resume(consumer.assignment());
    LOG.info("database is back; partitions resumed");
  }

  /** Seeks newly assigned (or fenced) partitions to their stored offsets. */
  private void positionUnpositioned() {
    List<TopicPartition> todo = new ArrayList<>();
    partitions.forEach(
        (tp, s) -> {
          if (!s.positioned) {
            todo.add(tp);
          }
        });
    if (todo.isEmpty()) {
      return;
    }
    Map<String, Map<Integer, Long>> stored = new HashMap<>();
    try {
      for (TopicPartition tp : todo) {
        if (!stored.containsKey(tp.topic())) {
          stored.put(tp.topic(), store.storedOffsets(tp.topic()));
        }
      }
    } catch (SQLException e) {
      LOG.warn("cannot read stored offsets yet: {}", e.toString());
      consumer.pause(todo);
      return;
    }
    for (TopicPartition tp : todo) {
      PartitionState s = partitions.get(tp);
      Long offset = stored.get(tp.topic()).get(tp.partition());
      if (offset != null) {
        consumer.seek(tp, offset);
        s.storedOffset = offset;
      } else {
        // Nothing stored: start where auto.offset.reset puts us, and expect no row.
        s.storedOffset = -1;
        consumer.seekToBeginning(List.of(tp));
      }
      s.positioned = true;
      s.batch = null;
    }
    if (!paused) {
      consumer.resume(todo);
    }
  }

  private void updateLag() {
    for (TopicPartition tp : partitions.keySet()) {
      OptionalLong lag = consumer.currentLag(tp);
      if (lag.isPresent()) {
        metrics.lag.labelValues(tp.topic(), Integer.toString(tp.partition())).set(lag.getAsLong());
      }
    }
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
    for (TopicPartition tp : assigned) {
      partitions.put(tp, new PartitionState(config.spanTopics().matcher(tp.topic()).matches()));
      // Nothing may be read before the partition is positioned on its stored offset.
      consumer.pause(List.of(tp));
    }
    LOG.info("assigned {}", assigned);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
    if (commitNow() != Committer.Outcome.Kind.COMMITTED) {
      LOG.warn("could not commit before giving up {}; the new owner re-reads it", revoked);
    }
    forget(revoked);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> lost) {
    forget(lost);
  }

  private void forget(Collection<TopicPartition> gone) {
    committer.drop(gone);
    for (TopicPartition tp : gone) {
      PartitionState s = partitions.remove(tp);
      if (s != null && s.batch != null) {
        pendingRecords = Math.max(0, pendingRecords - s.batch.records());
      }
      metrics.lag.remove(tp.topic(), Integer.toString(tp.partition()));
    }
  }
}

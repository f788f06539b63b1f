package io.tollgate.ingest.kafka;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.telemetry.store.AggregateStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes OTLP traces and metrics from Kafka into the aggregate tables, exactly once: aggregates
 * and the offsets they cover are committed in one database transaction, and assigned partitions
 * start from the stored offsets. Run as many replicas as there are partitions, in one consumer
 * group.
 *
 * <pre>{@code
 * IngestSchema.migrate(dataSource);
 * OtlpIngestor ingestor =
 *     new OtlpIngestor(IngestConfig.defaults("kafka:9092", "tollgate-ingest"), dataSource,
 *         PrometheusRegistry.defaultRegistry);
 * ingestor.start();
 * ...
 * ingestor.close(); // commits what it holds, then leaves the group
 * }</pre>
 *
 * <p>The metrics are registered on the given registry when the ingestor is created; create one
 * ingestor per registry.
 */
public final class OtlpIngestor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpIngestor.class);

  private final IngestConfig config;
  private final Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers;
  private final AggregateStore store;
  private final IngestMetrics metrics;
  private Thread thread;
  private ConsumerLoop loop;
  private volatile Throwable failure;
  private volatile boolean stopped;
  private volatile boolean consuming;
  private final AtomicInteger restarts = new AtomicInteger();

  public OtlpIngestor(IngestConfig config, DataSource dataSource) {
    this(config, dataSource, PrometheusRegistry.defaultRegistry);
  }

  public OtlpIngestor(IngestConfig config, DataSource dataSource, PrometheusRegistry registry) {
    this(config, dataSource, registry, KafkaConsumer::new);
  }

  /** With the way consumers are made from their properties (specs wrap the real one). */
  OtlpIngestor(
      IngestConfig config,
      DataSource dataSource,
      PrometheusRegistry registry,
      Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers) {
    this.consumers = consumers;
    this.config = config;
    this.store = new AggregateStore(dataSource);
    this.metrics = new IngestMetrics(registry);
  }

  /**
   * Starts consuming on a thread of its own. An unexpected error ends that consumer, not the
   * ingestor: a new consumer (and dead-letter producer) starts after a backoff and resumes from the
   * stored offsets, so nothing is lost or counted twice.
   */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = new Thread(this::supervise, "tollgate-ingest-" + config.groupId());
    thread.start();
  }

  private void supervise() {
    long backoffMillis = config.retryBackoffMin().toMillis();
    while (!stopped) {
      ConsumerLoop current;
      Consumer<byte[], byte[]> consumer = consumers.apply(consumerProperties());
      DeadLetters deadLetters = new DeadLetters(config, metrics);
      synchronized (this) {
        if (stopped) {
          consumer.close();
          deadLetters.close();
          return;
        }
        current = new ConsumerLoop(config, consumer, store, deadLetters, metrics);
        loop = current;
      }
      consuming = true;
      try (consumer;
          deadLetters) {
        current.run();
        return; // stopped
      } catch (Throwable t) {
        if (stopped) {
          return;
        }
        failure = t;
        restarts.incrementAndGet();
        LOG.error("ingest consumer stopped on an unexpected error; restarting", t);
      } finally {
        consuming = false;
      }
      try {
        Thread.sleep(backoffMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoffMillis = Math.min(2 * backoffMillis, config.retryBackoffMax().toMillis());
    }
  }

  Map<String, Object> consumerProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
    props.putAll(config.clientProperties());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** True while the ingestor runs (a consumer, or the wait before the next one). */
  public boolean isRunning() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  /** True while a consumer is running; false between an error and the restart. */
  public boolean isConsuming() {
    return consuming;
  }

  /** The error that ended the last consumer, or null. */
  public Throwable failure() {
    return failure;
  }

  /** How many times a consumer was restarted after an unexpected error. */
  public int restarts() {
    return restarts.get();
  }

  /** Commits what is pending (if the database allows), leaves the group and waits for the end. */
  public void stop(Duration timeout) {
    Thread t;
    synchronized (this) {
      t = thread;
      if (t == null) {
        return;
      }
      stopped = true;
      if (loop != null) {
        loop.stop();
      }
    }
    if (!consuming) {
      t.interrupt(); // ends a wait before a restart; a running loop stops on stop() and commits
    }
    try {
      t.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.warn("ingest consumer did not stop within {}", timeout);
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}

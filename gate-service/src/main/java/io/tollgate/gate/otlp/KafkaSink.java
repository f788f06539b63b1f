package io.tollgate.gate.otlp;

import io.tollgate.gate.ingest.KafkaEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes record values to a topic as the Collector's Kafka exporter does (null key, no headers) and
 * waits, within a bound, until Kafka has them all. Every wait is bounded by {@code sendTimeout}:
 * the metadata wait of {@code send} ({@code max.block.ms}) and the acknowledgement.
 */
final class KafkaSink implements AutoCloseable {
  private final Producer<byte[], byte[]> producer;
  private final Duration sendTimeout;

  KafkaSink(KafkaEndpoint kafka, Duration sendTimeout, int maxRecordSize) {
    this.sendTimeout = sendTimeout;
    long timeout = Math.max(100, sendTimeout.toMillis());
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(50, timeout - 5));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
    props.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1 << 20, maxRecordSize + (64 << 10)));
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "tollgate-otlp-http");
    props.putAll(kafka.clientProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(props);
  }

  /** Sends every value; returns once all are acknowledged, or throws a 413 or 503 rejection. */
  void send(String topic, List<byte[]> values) throws OtlpRejection, InterruptedException {
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    List<Future<RecordMetadata>> pending = new ArrayList<>(values.size());
    try {
      for (byte[] value : values) {
        pending.add(producer.send(new ProducerRecord<>(topic, null, null, value)));
      }
      for (Future<RecordMetadata> f : pending) {
        long left = Math.max(0, deadline - System.nanoTime());
        f.get(left, TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      throw rejection(e.getCause() == null ? e : e.getCause(), topic);
    } catch (TimeoutException e) {
      throw OtlpRejection.unavailable(
          "Kafka did not acknowledge within " + sendTimeout.toMillis() + " ms; retry later", e);
    } catch (KafkaException e) {
      throw rejection(e, topic);
    }
  }

  private static OtlpRejection rejection(Throwable cause, String topic) {
    if (cause instanceof RecordTooLargeException) {
      return OtlpRejection.tooLarge(
          "a single span or metric is larger than Kafka accepts on topic " + topic);
    }
    return OtlpRejection.unavailable(
        "Kafka is unavailable (" + cause.getClass().getSimpleName() + "); retry later", cause);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

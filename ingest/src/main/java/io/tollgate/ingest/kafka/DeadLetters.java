package io.tollgate.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends undecodable records, bytes and headers unchanged, to the dead-letter topic with headers
 * saying why and where from. Sends are flushed before the batch that skipped them commits, so a
 * crash can repeat a dead letter but never lose one.
 */
final class DeadLetters implements AutoCloseable {
  static final String ERROR = "tollgate.dlq.error";
  static final String SOURCE_TOPIC = "tollgate.dlq.source.topic";
  static final String SOURCE_PARTITION = "tollgate.dlq.source.partition";
  static final String SOURCE_OFFSET = "tollgate.dlq.source.offset";
  static final String ENCODING = "tollgate.dlq.encoding";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final IngestMetrics metrics;
  private final AtomicBoolean unflushed = new AtomicBoolean();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

  DeadLetters(IngestConfig config, IngestMetrics metrics) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // A missing or unreachable dead-letter topic must not hold the consumer for long.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-dead-letters");
    props.putAll(config.clientProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(props);
    this.topic = config.deadLetterTopic();
    this.metrics = metrics;
  }

  void send(ConsumerRecord<byte[], byte[]> record, String encoding, String error) {
    ProducerRecord<byte[], byte[]> out =
        new ProducerRecord<>(topic, null, record.key(), record.value());
    for (Header h : record.headers()) {
      out.headers().add(h);
    }
    out.headers()
        .add(ERROR, utf8(error))
        .add(SOURCE_TOPIC, utf8(record.topic()))
        .add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())))
        .add(SOURCE_OFFSET, utf8(Long.toString(record.offset())))
        .add(ENCODING, utf8(encoding));
    metrics.deadLetters.labelValues(record.topic()).inc();
    unflushed.set(true);
    try {
      producer.send(out, (meta, e) -> failed(record, e));
    } catch (RuntimeException e) {
      failed(record, e); // e.g. no metadata for the topic within max.block.ms
    }
  }

  private void failed(ConsumerRecord<byte[], byte[]> record, Exception e) {
    if (e == null) {
      return;
    }
    metrics.deadLetterFailures.inc();
    sendFailure.compareAndSet(null, e);
    LOG.error(
        "dead letter for {}-{}@{} not accepted by {}",
        record.topic(),
        record.partition(),
        record.offset(),
        topic,
        e);
  }

  /**
   * Waits until every dead letter sent so far is acknowledged, and fails if one was not: the batch
   * that skipped its record must then not commit, so the record is read (and sent) again.
   */
  void flush() throws DeadLetterException {
    if (unflushed.getAndSet(false)) {
      producer.flush();
    }
    Exception e = sendFailure.getAndSet(null);
    if (e != null) {
      throw new DeadLetterException("a dead letter was not accepted by " + topic, e);
    }
  }

  /** A dead letter went nowhere; the batch holding its record must not commit. */
  static final class DeadLetterException extends Exception {
    private static final long serialVersionUID = 1L;

    DeadLetterException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close();
  }
}

package io.tollgate.gate.cdevents;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.evaluation.Caller;
import io.tollgate.gate.ingest.KafkaEndpoint;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CDEvents from a Kafka topic (the CloudEvents Kafka binding: {@code ce_*} headers in binary
 * mode, the envelope as the value in structured mode) and hands them to the same handlers as the
 * HTTP endpoint. A record that is not taken (not JSON, a type nobody takes, a missing field, an
 * unknown incident) goes to the dead-letter topic with the reason in its headers and the loop goes
 * on; one that fails for a reason of this service is tried again, then dead-lettered. Offsets are
 * committed after each batch: a restart may hand a record again, which changes nothing (events are
 * stored once per source and id).
 */
@Context
@Requires(beans = KafkaEndpoint.class)
@Requires(property = "tollgate.cdevents.kafka.topic", pattern = ".+")
final class CdEventsConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(CdEventsConsumer.class);
  static final String ERROR = "tollgate.error";
  static final String STATUS = "tollgate.error.status";

  private final CdEvents events;
  private final CdEventsKafkaProperties properties;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> deadLetters;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  CdEventsConsumer(CdEvents events, CdEventsKafkaProperties properties, KafkaEndpoint kafka) {
    this.events = events;
    this.properties = properties;
    Map<String, Object> c = new HashMap<>(kafka.clientProperties());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(c);
    Map<String, Object> p = new HashMap<>(kafka.clientProperties());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.deadLetters = new KafkaProducer<>(p);
    this.thread = new Thread(this::run, "tollgate-cdevents-kafka");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    String topic = properties.topic().strip();
    CdEventHandler.Sender sender =
        new CdEventHandler.Sender("kafka:" + topic, Caller.internal("kafka:" + topic));
    try {
      consumer.subscribe(List.of(topic));
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          take(r, sender);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      LOG.error("the CDEvents consumer of {} stopped", topic, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void take(ConsumerRecord<byte[], byte[]> r, CdEventHandler.Sender sender) {
    for (int attempt = 1; ; attempt++) {
      try {
        events.route(r.value(), attributes(r)).handle(sender);
        return;
      } catch (ProblemException e) {
        if (e.type().status() < 500) {
          deadLetter(r, e.type().status(), e.detail());
          return;
        }
        if (attempt >= properties.maxAttempts()) {
          deadLetter(r, e.type().status(), e.detail());
          return;
        }
        sleep(properties.retryBackoff().multipliedBy(1L << (attempt - 1)));
      } catch (RuntimeException e) {
        if (attempt >= properties.maxAttempts()) {
          LOG.warn(
              "CDEvent at {}-{}@{} failed {} times",
              r.topic(),
              r.partition(),
              r.offset(),
              attempt,
              e);
          deadLetter(r, 500, "failed " + attempt + " times: " + e.getClass().getSimpleName());
          return;
        }
        sleep(properties.retryBackoff().multipliedBy(1L << (attempt - 1)));
      }
    }
  }

  /** Binary-mode attributes: {@code ce_type} etc. without the prefix; empty for structured mode. */
  static Map<String, String> attributes(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> out = new HashMap<>();
    for (Header h : r.headers()) {
      String k = h.key().toLowerCase(Locale.ROOT);
      if (k.startsWith("ce_") && h.value() != null) {
        out.put(k.substring(3), new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, int status, String reason) {
    RecordHeaders headers = new RecordHeaders(r.headers().toArray());
    headers.add(ERROR, bytes(reason.length() <= 1000 ? reason : reason.substring(0, 1000)));
    headers.add(STATUS, bytes(Integer.toString(status)));
    headers.add("tollgate.source", bytes(r.topic() + "-" + r.partition() + "@" + r.offset()));
    try {
      deadLetters
          .send(
              new ProducerRecord<>(properties.deadLetterTopic(), null, r.key(), r.value(), headers))
          .get(30, TimeUnit.SECONDS);
      LOG.info(
          "CDEvent at {}-{}@{} sent to {}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          properties.deadLetterTopic(),
          reason);
    } catch (Exception e) {
      // never stall on one record: it is logged and passed over
      LOG.error(
          "CDEvent at {}-{}@{} could not go to {} ({}); skipped",
          r.topic(),
          r.partition(),
          r.offset(),
          properties.deadLetterTopic(),
          reason,
          e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
    deadLetters.close(Duration.ofSeconds(5));
  }
}

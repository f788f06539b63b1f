package io.tollgate.gate.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to the configured topic with the SDK's CloudEvents Kafka binding: binary mode writes
 * the attributes as {@code ce_} headers and the data as the value, structured mode the event as
 * JSON. The record key is the gate's name (one gate's events stay in one partition, in order) or
 * the evaluation id. The producer is made on first use and is idempotent, with every wait bounded
 * by {@code tollgate.events.kafka.timeout}.
 */
@Singleton
final class KafkaSender implements Sender {
  private final KafkaEventsProperties properties;
  private volatile Producer<String, CloudEvent> producer;

  KafkaSender(KafkaEventsProperties properties) {
    this.properties = properties;
  }

  @Override
  public Attempt send(Destination to, EventBuilder.Built event) {
    String key =
        properties.key() == KafkaEventsProperties.Key.GATE
            ? event.data().gate()
            : Long.toString(event.data().evaluationId());
    try {
      producer()
          .send(new ProducerRecord<>(properties.topic(), key, event.event()))
          .get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return new Attempt.Delivered(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt.Retryable(null, "interrupted");
    } catch (TimeoutException e) {
      return new Attempt.Retryable(
          null, "Kafka did not acknowledge within " + properties.timeout().toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Attempt.Retryable(
          null, "Kafka: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    } catch (RuntimeException e) {
      return new Attempt.Retryable(
          null, "Kafka: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Producer<String, CloudEvent> producer() {
    Producer<String, CloudEvent> p = producer;
    if (p == null) {
      synchronized (this) {
        p = producer;
        if (p == null) {
          p = new KafkaProducer<>(config());
          producer = p;
        }
      }
    }
    return p;
  }

  Map<String, Object> config() {
    Map<String, Object> c = new HashMap<>(properties.properties());
    int timeout = (int) Math.min(Integer.MAX_VALUE, properties.timeout().toMillis());
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
    c.put(ProducerConfig.CLIENT_ID_CONFIG, "tollgate-events");
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
    c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
    if (properties.mode() == Mode.STRUCTURED) {
      c.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED);
      c.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, new JsonFormat());
    } else {
      c.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY);
    }
    return c;
  }

  @PreDestroy
  void close() {
    Producer<String, CloudEvent> p = producer;
    if (p != null) {
      p.close(Duration.ofSeconds(5));
    }
  }
}

package io.tollgate.gate.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Map;

/**
 * {@code tollgate.events.kafka.*}: the Kafka topic decisions are published to (off while {@code
 * topic} is unset), with the CloudEvents Kafka protocol binding.
 *
 * @param topic the topic; unset, nothing goes to Kafka
 * @param bootstrapServers the brokers
 * @param mode {@code binary} ({@code ce_} headers, the data as the value) or {@code structured}
 *     (the whole event as JSON in the value)
 * @param key what the record key is: the gate's name (one gate's events stay in order) or the
 *     evaluation id
 * @param timeout how long one send may take before the attempt counts as failed
 * @param properties extra producer properties ({@code security.protocol}, {@code sasl.*}, {@code
 *     ssl.*})
 */
@ConfigurationProperties("tollgate.events.kafka")
public record KafkaEventsProperties(
    @Nullable String topic,
    @Nullable String bootstrapServers,
    @Bindable(defaultValue = "binary") Mode mode,
    @Bindable(defaultValue = "gate") Key key,
    @Bindable(defaultValue = "10s") Duration timeout,
    @Nullable Map<String, String> properties) {

  /** Which record key an event gets. */
  public enum Key {
    GATE,
    EVALUATION
  }

  public KafkaEventsProperties {
    if (topic != null && topic.isBlank()) {
      topic = null;
    }
    if (topic != null && (bootstrapServers == null || bootstrapServers.isBlank())) {
      throw new IllegalArgumentException(
          "tollgate.events.kafka.bootstrap-servers must be set when tollgate.events.kafka.topic is");
    }
    EventsProperties.positive("kafka.timeout", timeout);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  boolean enabled() {
    return topic != null;
  }
}

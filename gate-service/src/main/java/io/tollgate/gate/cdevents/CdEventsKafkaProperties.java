package io.tollgate.gate.cdevents;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code tollgate.cdevents.kafka.*}: the topic CDEvents are read from (deployments and incidents;
 * off while {@code topic} is unset), on the Kafka of {@code tollgate.ingest.bootstrap-servers}.
 *
 * @param topic the topic CDEvents arrive on, CloudEvents Kafka binding, binary or structured mode
 * @param groupId the consumer group
 * @param deadLetterTopic where records that are not taken go, with the reason in headers
 * @param maxAttempts tries of a record that failed for a reason of this service (its database),
 *     before it goes to the dead-letter topic
 * @param retryBackoff the wait before the second try, doubled for each further one
 */
@ConfigurationProperties("tollgate.cdevents.kafka")
public record CdEventsKafkaProperties(
    @Bindable(defaultValue = "") String topic,
    @Bindable(defaultValue = "tollgate-cdevents") String groupId,
    @Bindable(defaultValue = "cdevents_dead_letter") String deadLetterTopic,
    @Bindable(defaultValue = "3") int maxAttempts,
    @Bindable(defaultValue = "1s") Duration retryBackoff) {

  public CdEventsKafkaProperties {
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("tollgate.cdevents.kafka.max-attempts must be 1 to 10");
    }
  }
}

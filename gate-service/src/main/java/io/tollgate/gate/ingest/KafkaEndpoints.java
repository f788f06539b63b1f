package io.tollgate.gate.ingest;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.tollgate.gate.demo.EmbeddedKafka;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which Kafka the service uses. With {@code tollgate.ingest.bootstrap-servers} set, that
 * one. Without it, and with {@code tollgate.single-node.enabled} (the default of the plain run
 * command; the Helm chart turns it off), a single-node broker in this process, with the ingest
 * topics created, so an OpenTelemetry SDK pointed at the service needs nothing else.
 */
@Factory
final class KafkaEndpoints {
  static final String SINGLE_NODE = "tollgate.single-node.enabled";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEndpoints.class);

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(property = "tollgate.ingest.bootstrap-servers")
  KafkaEndpoint configured(IngestProperties p, Environment environment) {
    return new KafkaEndpoint(p.bootstrapServers(), IngestRunner.kafkaProperties(environment), null);
  }

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(missingProperty = "tollgate.ingest.bootstrap-servers")
  @Requires(property = SINGLE_NODE, value = "true")
  @Requires(condition = IngestEnabled.class)
  KafkaEndpoint singleNode(IngestProperties p) throws Exception {
    if (p.spanTopics().startsWith("^") || p.metricTopics().startsWith("^")) {
      throw new IllegalStateException(
          "single-node mode creates the ingest topics: tollgate.ingest.span-topics and"
              + " metric-topics must be names, not patterns");
    }
    EmbeddedKafka kafka = EmbeddedKafka.start();
    try {
      kafka.createTopics(List.of(p.spanTopics()), 3);
      kafka.createTopics(List.of(p.metricTopics(), p.deadLetterTopic()), 1);
    } catch (Exception e) {
      kafka.close();
      throw e instanceof IOException io ? io : new IOException("creating topics failed", e);
    }
    LOG.info(
        "single-node mode: Kafka broker in this process at {} (set"
            + " TOLLGATE_INGEST_BOOTSTRAP_SERVERS to use an external one)",
        kafka.bootstrapServers());
    return new KafkaEndpoint(kafka.bootstrapServers(), Map.of(), kafka);
  }
}

package io.tollgate.gate.ingest;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.demo.EmbeddedKafka;
import java.util.Map;

/**
 * The Kafka this service reads telemetry from and the OTLP/HTTP receiver writes to: the one {@code
 * tollgate.ingest.bootstrap-servers} names, or the single-node broker started in this process.
 *
 * @param bootstrapServers where clients connect
 * @param clientProperties extra client properties ({@code tollgate.ingest.kafka.*}: security, SASL)
 * @param embedded the in-process broker of single-node mode, closed with this bean; else null
 */
public record KafkaEndpoint(
    String bootstrapServers, Map<String, Object> clientProperties, @Nullable EmbeddedKafka embedded)
    implements AutoCloseable {

  public KafkaEndpoint {
    clientProperties = Map.copyOf(clientProperties);
  }

  public boolean singleNode() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}

package io.tollgate.gate.ingest

import io.micronaut.context.ApplicationContext
import io.micronaut.context.env.PropertySource
import spock.lang.Specification

/** Kafka client properties reach the client with Kafka's dotted names, however they were given. */
class IngestKafkaPropertiesSpec extends Specification {

  void "keys from YAML, from -D style properties and from environment-style names come out dotted"() {
    given:
    def ctx = ApplicationContext.builder()
        .propertySources(PropertySource.of("test", [
            "tollgate.ingest.kafka.security.protocol"      : "SASL_SSL",
            "tollgate.ingest.kafka.sasl-mechanism"         : "SCRAM-SHA-512",
            "tollgate.ingest.kafka.client.id"              : "ingest-1",
            "tollgate.ingest.kafka.ssl.truststore.location": "/etc/kafka/truststore.p12"]))
        .build()
    ctx.environment.start()

    expect:
    IngestRunner.kafkaProperties(ctx.environment) == [
        "client.id"              : "ingest-1",
        "sasl.mechanism"         : "SCRAM-SHA-512",
        "security.protocol"      : "SASL_SSL",
        "ssl.truststore.location": "/etc/kafka/truststore.p12"]

    cleanup:
    ctx?.close()
  }
}

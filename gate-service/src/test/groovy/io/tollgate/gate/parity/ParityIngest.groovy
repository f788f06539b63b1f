package io.tollgate.gate.parity

import io.tollgate.testsupport.KafkaFixture

/** A real Kafka broker with the OTLP topics, and the properties that make the gate service ingest from it. */
final class ParityIngest {
  private ParityIngest() {}

  static KafkaFixture broker() {
    def kafka = KafkaFixture.start()
    kafka.createTopic("otlp_spans", 3)
    kafka.createTopic("otlp_metrics", 1)
    kafka.createTopic("otlp_dead_letter", 1)
    kafka
  }

  static Map<String, String> properties(KafkaFixture kafka) {
    ["tollgate.ingest.enabled"          : "true",
     "tollgate.ingest.bootstrap-servers": kafka.bootstrapServers(),
     "tollgate.ingest.batch-interval"   : "200ms"]
  }
}

package io.tollgate.ingest.kafka

import io.prometheus.metrics.model.registry.PrometheusRegistry
import io.tollgate.telemetry.store.IngestSchema
import io.tollgate.ingest.testing.Databases
import io.tollgate.testsupport.KafkaFixture
import io.tollgate.testsupport.PostgresFixture
import java.time.Duration
import java.time.Instant
import java.util.concurrent.Future
import javax.sql.DataSource
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.common.header.internals.RecordHeader
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * What the ingest specs that run a consumer share: a real broker per spec, a fresh PostgreSQL
 * database and a fresh span topic per feature, an ordered producer, and ingestors closed after
 * each feature.
 */
abstract class IngestBrokerSpecification extends Specification {
  static final long T0 = 1_700_000_040_000_000_000L
  static final Instant FROM = Instant.ofEpochSecond(1_700_000_040L - 3600)
  static final Instant TO = Instant.ofEpochSecond(1_700_000_040L + 3600)

  @Shared @AutoCleanup KafkaFixture kafka = KafkaFixture.start()
  @AutoCleanup PostgresFixture pg = PostgresFixture.start()
  @AutoCleanup KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProperties() +
      [(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION): 1])
  List<OtlpIngestor> ingestors = []
  List<Future<?>> sent = []
  DataSource ds
  PollingConditions conditions = new PollingConditions(timeout: 60, initialDelay: 0.2, delay: 0.2)
  String topic

  /** Partitions of each feature's span topic. */
  abstract int partitions()

  void setup() {
    ds = Databases.postgres(pg)
    IngestSchema.migrate(ds)
    topic = 'otlp_spans_' + UUID.randomUUID().toString().substring(0, 8)
    kafka.createTopic(topic, partitions())
  }

  void cleanup() {
    ingestors*.close()
  }

  IngestConfig config(String group = 'ingest-' + topic) {
    IngestConfig.defaults(kafka.bootstrapServers(), group)
        .withSpanTopics(topic)
        .withMetricTopics('otlp_metrics_' + topic)
        .withDeadLetterTopic('dlq_' + topic)
        .withBatch(500, Duration.ofMillis(200))
        .withRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
  }

  OtlpIngestor start(IngestConfig config, PrometheusRegistry registry = new PrometheusRegistry()) {
    def ingestor = new OtlpIngestor(config, ds, registry)
    ingestors << ingestor
    ingestor.start()
    ingestor
  }

  void produce(String to, byte[] value, List<RecordHeader> headers = []) {
    sent << producer.send(new ProducerRecord<byte[], byte[]>(to, null, null, null, value, headers))
  }

  /** Flushes and fails loudly if the broker did not take every record the workload counts. */
  void flush() {
    producer.flush()
    sent*.get()
    sent.clear()
  }
}

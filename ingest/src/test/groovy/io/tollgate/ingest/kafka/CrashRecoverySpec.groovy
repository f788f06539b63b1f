package io.tollgate.ingest.kafka

import io.prometheus.metrics.model.registry.PrometheusRegistry
import io.tollgate.telemetry.store.IngestSchema
import io.tollgate.ingest.testing.Databases
import io.tollgate.ingest.testing.IngestMain
import io.tollgate.ingest.testing.Stored
import io.tollgate.ingest.testing.Workload
import io.tollgate.testsupport.JvmProcess
import io.tollgate.testsupport.KafkaFixture
import io.tollgate.testsupport.KafkaProcess
import io.tollgate.testsupport.PostgresFixture
import java.nio.file.Files
import java.time.Duration
import java.time.Instant
import javax.sql.DataSource
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/** Faults that end a process: the consumer killed with kill -9, the broker killed and restarted. */
class CrashRecoverySpec extends Specification {
  static final long T0 = 1_700_000_040_000_000_000L
  static final Instant FROM = Instant.ofEpochSecond(1_700_000_040L - 3600)
  static final Instant TO = Instant.ofEpochSecond(1_700_000_040L + 3600)

  @AutoCleanup PostgresFixture pg = PostgresFixture.start()
  DataSource ds = Databases.postgres(pg)
  PollingConditions conditions = new PollingConditions(timeout: 90, initialDelay: 0.1, delay: 0.1)

  void setup() {
    IngestSchema.migrate(ds)
  }

  void "a consumer killed with kill -9 mid-stream and restarted ends with exactly what was produced"() {
    given:
    def kafka = KafkaFixture.start()
    kafka.createTopic('otlp_spans', 3)
    def workload = new Workload(21, T0, 5)
    def producer = new KafkaProducer<byte[], byte[]>(kafka.producerProperties())
    1500.times { producer.send(new ProducerRecord<byte[], byte[]>('otlp_spans', workload.next(40).toByteArray())) }
    producer.flush()
    def log = Files.createTempFile('ingest-child', '.log')
    def args = [kafka.bootstrapServers(), 'crash-group', 'otlp_spans', pg.jdbcUrl(), pg.user(), pg.password()]

    when: 'the consumer process is killed while it is committing batches'
    def child = JvmProcess.start(IngestMain.name, ['-Xmx256m'], args, log)
    conditions.eventually { assert Stored.totalRequests(ds, FROM, TO) > 0 }
    child.kill()
    long atKill = Stored.totalRequests(ds, FROM, TO)

    and: 'more records arrive while it is down, then it is started again'
    500.times { producer.send(new ProducerRecord<byte[], byte[]>('otlp_spans', workload.next(40).toByteArray())) }
    producer.flush()
    child = JvmProcess.start(IngestMain.name, ['-Xmx256m'], args, log)

    then: 'it was killed mid-stream'
    atKill < workload.requests()

    and: 'in the end every request is counted exactly once'
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
    }
    Stored.comparable(Stored.requests(ds, FROM, TO)) == Stored.comparable(workload.expected())

    cleanup:
    child?.close()
    producer?.close()
    kafka?.close()
  }

  void "a broker killed and restarted under a running consumer loses nothing and doubles nothing"() {
    given:
    def kafka = KafkaProcess.start()
    kafka.createTopic('otlp_spans', 3)
    def workload = new Workload(22, T0, 4)
    def props = kafka.producerProperties()
    props[ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG] = 120_000
    def producer = new KafkaProducer<byte[], byte[]>(props)
    def config = IngestConfig.defaults(kafka.bootstrapServers(), 'restart-group')
        .withBatch(200, Duration.ofMillis(100))
        .withRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
    def ingestor = new OtlpIngestor(config, ds, new PrometheusRegistry())
    ingestor.start()
    400.times { producer.send(new ProducerRecord<byte[], byte[]>('otlp_spans', workload.next(40).toByteArray())) }
    producer.flush()
    conditions.eventually { assert Stored.totalRequests(ds, FROM, TO) > 0 }

    when: 'the broker dies and comes back on the same address'
    kafka.kill()
    kafka.restart()
    400.times { producer.send(new ProducerRecord<byte[], byte[]>('otlp_spans', workload.next(40).toByteArray())) }
    producer.flush()

    then:
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
    }
    Stored.comparable(Stored.requests(ds, FROM, TO)) == Stored.comparable(workload.expected())
    ingestor.isRunning()

    cleanup:
    ingestor?.close()
    producer?.close()
    kafka?.close()
  }
}
